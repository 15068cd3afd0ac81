package org.fractify.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Finding;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.Topics;
import org.fractify.problem.ProblemType;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.KafkaTopics;
import org.fractify.testsupport.PostgresTestResource;
import org.junit.jupiter.api.Test;

/** report-service reading real topics into a real PostgreSQL and relaying its outbox to Kafka. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class ReportStorageTest {

    private final KafkaTopics kafka = new KafkaTopics(KafkaBroker.bootstrapServers());

    private static String reportId() {
        return "rpt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static ScanJob job(String reportId, String tenant) {
        return new ScanJob(1, UUID.randomUUID().toString(), Instant.now().minusMillis(50), reportId, tenant, "pacs",
                "PT-9", Modality.CHEST_XRAY, null, new NormalisedImage(224, 224, "iVBORw0KGgo=", "png", 224, 224),
                Map.of("decode", 2L, "preprocess", 1L));
    }

    private static AnalysisCompleted analysis(ScanJob job) {
        Finding pneumonia = new Finding("pneumonia", "Pneumonia",
                new Finding.Code("http://snomed.info/sct", "233604007", "Pneumonia (disorder)"), 91.2, "Moderate", 3,
                new Finding.Location("right lung, lower zone", List.of(0.1, 0.5, 0.3, 0.3)));
        return new AnalysisCompleted(1, UUID.randomUUID().toString(), Instant.now(), job.reportId(), job.tenantId(),
                job.withoutPixels(), AnalysisCompleted.COMPLETED, new AnalysisCompleted.ModelRef("fractify-chest-xray", "0.1.0"),
                Map.of("normal", 0.088, "pneumonia", 0.912), List.of(pneumonia), 3,
                new AnalysisCompleted.Heatmap("pneumonia", 2, 2, List.of(0.0, 0.2, 1.0, 0.4)),
                Map.of("queue", 3L, "infer", 20L, "explain", 1L), null);
    }

    private void send(String topic, String key, Object event) throws Exception {
        kafka.send(topic, key, EventJson.mapper().writeValueAsString(event));
    }

    private io.restassured.response.ValidatableResponse getReport(String tenant, String reportId) {
        return given().header("X-Fractify-Integration", "pacs").get("/internal/v1/tenants/" + tenant + "/reports/"
                + reportId).then();
    }

    @Test
    void jobThenAnalysisGivesPendingThenCompletedReportAndOneEvent() throws Exception {
        String id = reportId();
        ScanJob job = job(id, "tenant-a");
        JobRecords.send(job);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-a", id).statusCode(200).body("status", equalTo("processing")));

        AnalysisCompleted analysis = analysis(job);
        send(Topics.SCAN_ANALYSES, id, analysis);
        send(Topics.SCAN_ANALYSES, id, analysis); // redelivery: must be applied once
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-a", id).statusCode(200).body("status", equalTo("completed")));

        getReport("tenant-a", id)
                .body("patient_id", equalTo("PT-9"))
                .body("modality", equalTo("chest_xray"))
                .body("urgency", equalTo(3))
                .body("findings", hasSize(1))
                .body("findings[0].condition", equalTo("Pneumonia"))
                .body("findings[0].code.code", equalTo("233604007"))
                .body("findings[0].location.description", equalTo("right lung, lower zone"))
                .body("scores.pneumonia", equalTo(0.912f))
                .body("model.name", equalTo("fractify-chest-xray"))
                .body("heatmap_url", equalTo("/api/v1/report/" + id + "/heatmap"))
                .body("treatment_guidance.sources[0]", startsWith("Metlay JP"))
                .body("treatment_guidance.severity", equalTo("Moderate"))
                .body("treatment_guidance.disclaimer", startsWith("Decision support"))
                .body("treatment_guidance.text", org.hamcrest.Matchers.containsString("Decision support for a qualified clinician"))
                .body("differentials[0].condition", equalTo("Pneumonia"))
                .body("differentials[0].likelihood", equalTo(0.912f))
                .body("differentials[0].basis", equalTo("model"))
                .body("acknowledged", equalTo(false))
                .body("fhir_diagnostic_report.resourceType", equalTo("DiagnosticReport"))
                .body("fhir_diagnostic_report.status", equalTo("preliminary"))
                .body("processing_stages_ms.infer", equalTo(20));

        var events = kafka.records(Topics.REPORT_EVENTS, id, 2, Duration.ofSeconds(5));
        assertThat(events).hasSize(1);
        ReportEvent event = EventJson.mapper().readValue(events.get(0).value(), ReportEvent.class);
        assertThat(event.type()).isEqualTo(ReportEvent.COMPLETED);
        assertThat(event.tenantId()).isEqualTo("tenant-a");
        assertThat(event.urgency()).isEqualTo(3);
        assertThat(event.primaryCondition()).isEqualTo("Pneumonia");
        assertThat(event.processingMs()).isPositive();
        assertThat(event.analysis().path("report_id").asText()).isEqualTo(id);
        assertThat(analysisReplyReads(id)).as("nobody waited: no release is recorded").isEmpty();
    }

    /**
     * A synchronous request waits: the event carries the report as the analyse response shows it (what the
     * gateway answers with, without reading the report again), and the release to the waiting key is in the
     * audit trail, written by the transaction that completed the report.
     */
    @Test
    void awaitedReportTravelsInItsEventAndItsReleaseIsAudited() throws Exception {
        String id = reportId();
        ScanJob job = job(id, "tenant-a").awaitedBy("key_sync1");
        JobRecords.send(job);
        send(Topics.SCAN_ANALYSES, id, analysis(job));
        var record = kafka.awaitRecord(Topics.REPORT_EVENTS, id, Duration.ofSeconds(20));
        ReportEvent event = EventJson.mapper().readValue(record.value(), ReportEvent.class);
        var carried = event.analysis();
        assertThat(carried.path("report_id").asText()).isEqualTo(id);
        assertThat(carried.path("status").asText()).isEqualTo("completed");
        assertThat(carried.path("urgency").asInt()).isEqualTo(3);
        assertThat(carried.path("findings").get(0).path("condition").asText()).isEqualTo("Pneumonia");
        assertThat(carried.path("heatmap_url").asText()).isEqualTo("/api/v1/report/" + id + "/heatmap");
        assertThat(carried.path("processing_stages_ms").path("persist").isNumber()).isTrue();
        assertThat(carried.has("treatment_guidance") || carried.has("differentials")
                || carried.has("fhir_diagnostic_report")).as("report-only fields stay out of the reply").isFalse();

        // The same fields as a read of the stored report (which also renders the report-only ones).
        var stored = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper()
                .readTree(getReport("tenant-a", id).statusCode(200).extract().asString());
        stored.remove(List.of("treatment_guidance", "differentials", "fhir_diagnostic_report"));
        assertThat(carried).isEqualTo(stored);

        assertThat(analysisReplyReads(id)).containsExactly("pacs/key_sync1");
    }

    /** integration/key_id of each "analysis-reply" row of the read audit for the report. */
    private static List<String> analysisReplyReads(String reportId) throws java.sql.SQLException {
        try (var c = TestDatabase.connect();
                var s = c.prepareStatement("SELECT integration, key_id FROM reports.report_read "
                        + "WHERE report_id = ? AND representation = 'analysis-reply' ORDER BY id")) {
            s.setString(1, reportId);
            var rs = s.executeQuery();
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + "/" + rs.getString(2));
            }
            return out;
        }
    }

    /**
     * The processing row comes from the job's metadata header alone: a record whose value (the pixels) is not
     * even JSON still shows the report as processing, so the value is not parsed.
     */
    @Test
    void theProcessingRowIsReadFromTheMetadataHeaderNotFromTheValue() throws Exception {
        String id = reportId();
        ScanJob job = job(id, "tenant-h");
        JobRecords.send(id, JobRecords.utf8("\u0000not json at all {{{"),
                EventJson.mapper().writeValueAsBytes(job.withoutPixels()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-h", id).statusCode(200).body("status", equalTo("processing"))
                        .body("patient_id", equalTo("PT-9")).body("modality", equalTo("chest_xray")));
    }

    /** A job record without the header (from a gateway older than the header) is read from its value. */
    @Test
    void aJobWithoutTheMetadataHeaderIsReadFromItsValue() throws Exception {
        String id = reportId();
        JobRecords.send(id, EventJson.mapper().writeValueAsBytes(job(id, "tenant-h")), null);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-h", id).statusCode(200).body("status", equalTo("processing")));
    }

    /**
     * The relay publishes an outbox row's payload as stored, byte for byte, under the row's key: it neither
     * parses nor re-serialises it.
     */
    @Test
    void theRelayPublishesTheStoredBytes() throws Exception {
        String id = reportId();
        String payload = "{ \"schemaVersion\": 1, \"eventId\": \"" + UUID.randomUUID() + "\", \"occurredAt\": "
                + "\"2026-11-20T10:00:00Z\", \"type\": \"report.completed\", \"reportId\": \"" + id + "\", "
                + "\"tenantId\": \"tenant-o\", \"patientId\": \"PT-\u00e9\", \"modality\": \"chest_xray\", "
                + "\"urgency\": 1, \"processingMs\": 5 }";
        try (var c = TestDatabase.connect();
                var s = c.prepareStatement("INSERT INTO reports.outbox_event (topic, message_key, payload) "
                        + "VALUES (?, ?, ?)")) {
            s.setString(1, Topics.REPORT_EVENTS);
            s.setString(2, id);
            s.setString(3, payload);
            s.executeUpdate();
        }
        var record = kafka.awaitRecord(Topics.REPORT_EVENTS, id, Duration.ofSeconds(20)); // the sweep's
        assertThat(record.key()).isEqualTo(id);
        assertThat(record.value()).isEqualTo(payload);
    }

    @Test
    void analysisBeforeJobStillCompletesTheReport() throws Exception {
        String id = reportId();
        ScanJob job = job(id, "tenant-b");
        send(Topics.SCAN_ANALYSES, id, analysis(job));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-b", id).statusCode(200).body("status", equalTo("completed")));
        JobRecords.send(job); // late job must not reset the report to processing
        // A marker job under the same key lands on the same partition after the late job, so once the marker's
        // report shows, the late job has been consumed.
        String marker = reportId();
        JobRecords.send(id, EventJson.mapper().writeValueAsBytes(job(marker, "tenant-b")),
                EventJson.mapper().writeValueAsBytes(job(marker, "tenant-b").withoutPixels()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-b", marker).statusCode(200).body("status", equalTo("processing")));
        getReport("tenant-b", id).body("status", equalTo("completed")).body("urgency", equalTo(3));
        assertThat(kafka.records(Topics.REPORT_EVENTS, id, 2, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void anAnalysisDeliveredAgainChangesNothingAndPublishesNoSecondEvent() throws Exception {
        String id = reportId();
        AnalysisCompleted analysis = analysis(job(id, "tenant-b"));
        send(Topics.SCAN_ANALYSES, id, analysis);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-b", id).statusCode(200).body("status", equalTo("completed")));
        String completedAt = getReport("tenant-b", id).extract().path("completed_at");
        send(Topics.SCAN_ANALYSES, id, analysis);
        String marker = reportId();
        send(Topics.SCAN_ANALYSES, id, analysis(job(marker, "tenant-b")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-b", marker).statusCode(200).body("status", equalTo("completed")));
        getReport("tenant-b", id).body("completed_at", equalTo(completedAt));
        assertThat(kafka.records(Topics.REPORT_EVENTS, id, 2, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void seriesSelectionOfTheAnalysisIsRendered() throws Exception {
        String id = reportId();
        AnalysisCompleted plain = analysis(job(id, "tenant-s"));
        AnalysisCompleted withSeries = new AnalysisCompleted(1, plain.eventId(), plain.occurredAt(), id, "tenant-s",
                plain.job(), plain.status(), plain.model(), plain.scores(), plain.findings(), plain.urgency(),
                plain.heatmap(), plain.stagesMs(), null, new org.fractify.contracts.SeriesSelection("1.2.3", 12,
                        "1.2.3.7", 7, "middle third; most significant of 5"));
        send(Topics.SCAN_ANALYSES, id, withSeries);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-s", id).statusCode(200).body("status", equalTo("completed")));
        getReport("tenant-s", id)
                .body("series.series_instance_uid", equalTo("1.2.3"))
                .body("series.slices_received", equalTo(12))
                .body("series.selected_instance_uid", equalTo("1.2.3.7"))
                .body("series.selected_index", equalTo(7));
    }

    @Test
    void jobsAndAnalysesArrivingTogetherNeverLeaveAReportProcessing() throws Exception {
        // Both consumers may find no row and insert at once; before ON CONFLICT this dead-lettered the
        // analysis and the report stayed "processing" for ever.
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = reportId();
            ids.add(id);
            ScanJob job = job(id, "tenant-race");
            send(Topics.SCAN_ANALYSES, id, analysis(job));
            JobRecords.send(job);
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String id : ids) {
                getReport("tenant-race", id).statusCode(200).body("status", equalTo("completed"));
            }
        });
        for (String id : ids) {
            assertThat(kafka.records(Topics.REPORT_EVENTS, id, 2, Duration.ofMillis(300))).hasSize(1);
        }
    }

    /**
     * A failed analysis names a problem type of the registry: the report shows that type's URI and the status the
     * registry gives it, not the status the event claims; a slug the registry does not know reads as
     * analysis-failed.
     */
    @Test
    void aFailedReportShowsTheRegisteredProblem() throws Exception {
        String id = reportId();
        String unknown = reportId();
        for (String[] c : List.of(new String[] {id, "image-too-small"}, new String[] {unknown, "no-such-problem"})) {
            var failed = (com.fasterxml.jackson.databind.node.ObjectNode) EventJson.mapper().valueToTree(
                    new AnalysisCompleted(1, UUID.randomUUID().toString(), Instant.now(), c[0], "tenant-p",
                            job(c[0], "tenant-p").withoutPixels(), AnalysisCompleted.FAILED, null, Map.of(),
                            List.of(), 0, null, Map.of(), new AnalysisCompleted.Failure(ProblemType.ANALYSIS_FAILED,
                                    "The image is 12 x 12 pixels")));
            ((com.fasterxml.jackson.databind.node.ObjectNode) failed.path("failure")).put("type", c[1])
                    .put("status", 500);
            kafka.send(Topics.SCAN_ANALYSES, c[0], failed.toString());
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-p", id).statusCode(200).body("status", equalTo("failed")));
        getReport("tenant-p", id)
                .body("problem.type", equalTo(ProblemType.IMAGE_TOO_SMALL.uri().toString()))
                .body("problem.status", equalTo(ProblemType.IMAGE_TOO_SMALL.status()))
                .body("problem.detail", equalTo("The image is 12 x 12 pixels"))
                .body("findings", org.hamcrest.Matchers.nullValue());
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-p", unknown).statusCode(200).body("status", equalTo("failed")));
        getReport("tenant-p", unknown)
                .body("problem.type", equalTo(ProblemType.ANALYSIS_FAILED.uri().toString()))
                .body("problem.status", equalTo(ProblemType.ANALYSIS_FAILED.status()));
        ReportEvent event = EventJson.mapper().readValue(kafka.awaitRecord(Topics.REPORT_EVENTS, id,
                Duration.ofSeconds(10)).value(), ReportEvent.class);
        assertThat(event.type()).isEqualTo(ReportEvent.FAILED);
        assertThat(event.analysis().path("problem").path("type").asText())
                .isEqualTo(ProblemType.IMAGE_TOO_SMALL.uri().toString());
    }

    @Test
    void anotherTenantsReportIsNotFound() throws Exception {
        String id = reportId();
        JobRecords.send(job(id, "tenant-c"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-c", id).statusCode(200));
        getReport("tenant-d", id).statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://fractify.org/problems/report-not-found"));
    }

    @Test
    void heatmapIsAPngOfTheMapAlone() throws Exception {
        String id = reportId();
        ScanJob job = job(id, "tenant-e");
        send(Topics.SCAN_ANALYSES, id, analysis(job));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-e", id).statusCode(200).body("status", equalTo("completed")));
        byte[] png = given().header("X-Fractify-Integration", "pacs")
                .get("/internal/v1/tenants/tenant-e/reports/" + id + "/heatmap.png")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(224);
        // bottom-left cell is the map's peak (1.0): red only; top-left is 0: blue only
        int peak = image.getRGB(10, 214);
        assertThat((peak >> 16) & 0xff).isGreaterThan(100);
        assertThat(peak & 0xffff).isZero();
        int cold = image.getRGB(10, 10);
        assertThat(cold & 0xff).isGreaterThan(100);
        assertThat(cold & 0xffff00).isZero();
        given().header("X-Fractify-Integration", "pacs").get("/internal/v1/tenants/tenant-x/reports/" + id
                + "/heatmap.png").then().statusCode(404);
    }

    @Test
    void storedAnalysisHoldsNoPixels() throws Exception {
        String id = reportId();
        ScanJob job = job(id, "tenant-f");
        // a producer that forgot to drop pixels: the store must still not keep them
        AnalysisCompleted leaky = new AnalysisCompleted(1, UUID.randomUUID().toString(), Instant.now(), id, "tenant-f",
                job, AnalysisCompleted.COMPLETED, new AnalysisCompleted.ModelRef("m", "1"), Map.of("normal", 1.0),
                List.of(), 1, null, Map.of(), null);
        send(Topics.SCAN_ANALYSES, id, leaky);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                getReport("tenant-f", id).statusCode(200).body("status", equalTo("completed")));
        try (var c = TestDatabase.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT analysis_json FROM reports.report WHERE report_id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain("iVBORw0KGgo").contains("\"pngBase64\":null");
        }
    }
}
