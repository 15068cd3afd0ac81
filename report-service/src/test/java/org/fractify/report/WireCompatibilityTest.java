package org.fractify.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Finding;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.SeriesSelection;
import org.fractify.contracts.Topics;
import org.fractify.problem.ProblemType;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.KafkaTopics;
import org.fractify.testsupport.PostgresTestResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JSON report-service answers with, byte for byte, for fixed stored reports: the gateway, fhir-service and
 * webhook-service read it, so its field names, order, nulls and shapes must not change. The expected bodies
 * under {@code src/test/resources/wire/} were recorded from the implementation that built the JSON by hand;
 * on a difference the body received is written to {@code target/wire-actual/} for comparison.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class WireCompatibilityTest {

    private static final String TENANT = "tenant-wire";
    private static final String BASE = "/internal/v1/tenants/" + TENANT + "/reports/";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123456Z");

    /** Completed, acknowledged, with a full finding, findings with missing parts, series from the analysis. */
    private static final String ACKED = "rpt_wireacked0000000001";
    /** Completed without findings or heatmap, structured clinical context, series from the job only. */
    private static final String NORMAL = "rpt_wirenormal000000001";
    /** Failed with a registered problem type. */
    private static final String FAILED = "rpt_wirefailed000000001";
    /** Failed with a slug the registry does not know (reads as analysis-failed). */
    private static final String UNKNOWN = "rpt_wirefailed000000002";
    /** Still processing. */
    private static final String PENDING = "rpt_wirepending00000001";
    /** Completed, its clinical context stored as plain text (before it was kept as JSON). */
    private static final String LEGACY = "rpt_wirelegacy000000001";

    private final KafkaTopics kafka = new KafkaTopics(KafkaBroker.bootstrapServers());
    private final List<String> differences = new java.util.ArrayList<>();

    private static ScanJob job(String id, Modality modality, Instant at, com.fasterxml.jackson.databind.JsonNode context,
            SeriesSelection series) {
        return job(TENANT, id, modality, at, context, series);
    }

    private static ScanJob job(String tenant, String id, Modality modality, Instant at,
            com.fasterxml.jackson.databind.JsonNode context, SeriesSelection series) {
        return new ScanJob(1, "job-" + id, at, id, tenant, "pacs", "PT-WIRE", modality, context,
                new NormalisedImage(256, 256, null, "dicom", 512, 512), stages("decode", 4L, "preprocess", 2L), series,
                List.of(), null);
    }

    private static Map<String, Long> stages(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Long) kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Double> scores(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }

    private static AnalysisCompleted completed(ScanJob job, Map<String, Double> scores, List<Finding> findings,
            int urgency, AnalysisCompleted.Heatmap heatmap, SeriesSelection series) {
        return new AnalysisCompleted(1, "analysis-" + job.reportId(), job.occurredAt().plusMillis(1400),
                job.reportId(), job.tenantId(), job, AnalysisCompleted.COMPLETED,
                new AnalysisCompleted.ModelRef("fractify-" + job.modality().wireName().replace('_', '-'), "0.3.0"),
                scores, findings, urgency, heatmap, stages("queue", 3L, "infer", 21L, "explain", 2L, "decode", 9L),
                null, series);
    }

    private static AnalysisCompleted failed(ScanJob job, AnalysisCompleted.Failure failure) {
        return new AnalysisCompleted(1, "analysis-" + job.reportId(), job.occurredAt().plusMillis(300),
                job.reportId(), TENANT, job, AnalysisCompleted.FAILED, null, Map.of(), List.of(), 0, null,
                stages("queue", 1L), failure, null);
    }

    private static Finding haemorrhage() {
        return new Finding("hemorrhage", "Intracranial haemorrhage",
                new Finding.Code("http://snomed.info/sct", "1386000", "Intracranial hemorrhage (disorder)"), 96.4,
                "Critical", 5, new Finding.Location("left parietal lobe", List.of(0.5, 0.3125, 0.2, 0.2)));
    }

    @BeforeAll
    void storeReports() throws Exception {
        ScanJob acked = job(ACKED, Modality.CT_BRAIN, T0, TextNode.valueOf("72 year old on apixaban, fell at home"),
                null);
        insert(acked, completed(acked, scores("hemorrhage", 0.964, "normal", 0.036), List.of(haemorrhage(),
                new Finding("SDH", "Subdural haematoma", null, 41.5, "Mild", 4, null),
                new Finding("IVH", "Intraventricular haemorrhage", null, 12.0, "Mild", 4,
                        new Finding.Location(null, null))), 5,
                new AnalysisCompleted.Heatmap("hemorrhage", 2, 2, List.of(0.0, 0.5, 1.0, 0.25)),
                new SeriesSelection("1.2.840.1", 24, "1.2.840.1.9", 9, "middle third; most significant of 5")),
                "completed", 5, "Intracranial haemorrhage", T0.plusMillis(1500),
                Instant.parse("2026-11-20T11:30:00.000001Z"), "pacs", "key_reader1");

        ObjectNode context = EventJson.mapper().createObjectNode().put("age", 4).put("history", "fever 39.1, cough");
        context.putObject("vitals").put("spo2", 95);
        ScanJob normal = job(NORMAL, Modality.CHEST_XRAY, T0.plusSeconds(60), context,
                new SeriesSelection("1.3.6.1", 3, "1.3.6.1.2", 2, "only slice"));
        insert(normal, completed(normal, scores("normal", 0.9312345678, "pneumonia", 0.0687654322), List.of(), 1,
                null, null), "completed", 1, null, T0.plusSeconds(61), null, null, null);

        ScanJob failed = job(FAILED, Modality.BONE_XRAY, T0.plusSeconds(120), null, null);
        insert(failed, failed(failed, new AnalysisCompleted.Failure(ProblemType.MODALITY_MISMATCH,
                "The image does not look like a bone X-ray")), "failed", null, null, T0.plusSeconds(121), null, null,
                null);

        ScanJob unknown = job(UNKNOWN, Modality.DENTAL, T0.plusSeconds(180), null, null);
        String unknownJson = EventJson.mapper().writeValueAsString(failed(unknown,
                new AnalysisCompleted.Failure(ProblemType.ANALYSIS_FAILED, "no model answered")))
                .replace("\"analysis-failed\"", "\"a-slug-nobody-registered\"");
        insert(unknown, unknownJson, "failed", null, null, T0.plusSeconds(181), null, null, null);

        insert(job(PENDING, Modality.BRAIN_MRI, T0.plusSeconds(240), null, null), (String) null, "processing", null,
                null, null, null, null, null);

        ScanJob legacy = job(LEGACY, Modality.CHEST_XRAY, T0.plusSeconds(300), null, null);
        insert(legacy, completed(legacy, scores("normal", 0.12, "pneumonia", 0.88), List.of(new Finding("pneumonia",
                "Pneumonia", new Finding.Code("http://snomed.info/sct", "233604007", "Pneumonia (disorder)"), 88.0,
                "Moderate", 3, new Finding.Location("right lower zone", List.of(0.1, 0.5, 0.3, 0.3)))), 3,
                new AnalysisCompleted.Heatmap("pneumonia", 1, 1, List.of(1.0)), null), "completed", 3, "Pneumonia",
                T0.plusSeconds(301), null, null, null);
        try (Connection c = db(); var s = c.prepareStatement(
                "UPDATE reports.report SET clinical_context = 'febrile, smoker' WHERE report_id = ?")) {
            s.setString(1, LEGACY);
            s.executeUpdate();
        }
    }

    private static void insert(ScanJob job, AnalysisCompleted analysis, String status, Integer urgency,
            String primary, Instant completedAt, Instant acknowledgedAt, String ackIntegration, String ackKey)
            throws Exception {
        insert(job, EventJson.mapper().writeValueAsString(analysis), status, urgency, primary, completedAt,
                acknowledgedAt, ackIntegration, ackKey);
    }

    private static void insert(ScanJob job, String analysisJson, String status, Integer urgency, String primary,
            Instant completedAt, Instant acknowledgedAt, String ackIntegration, String ackKey) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("INSERT INTO reports.report (report_id, "
                + "tenant_id, integration, patient_id, modality, status, urgency, received_at, completed_at, "
                + "processing_ms, analysis_json, clinical_context, primary_condition, acknowledged_at, "
                + "acknowledged_by_integration, acknowledged_by_key_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            s.setString(1, job.reportId());
            s.setString(2, job.tenantId());
            s.setString(3, job.integration());
            s.setString(4, job.patientId());
            s.setString(5, job.modality().wireName());
            s.setString(6, status);
            s.setObject(7, urgency);
            s.setObject(8, job.occurredAt().atOffset(ZoneOffset.UTC));
            s.setObject(9, completedAt == null ? null : completedAt.atOffset(ZoneOffset.UTC));
            s.setObject(10, completedAt == null ? null : Duration.between(job.occurredAt(), completedAt).toMillis());
            s.setString(11, analysisJson);
            s.setString(12, job.clinicalContext() == null ? null : job.clinicalContext().toString());
            s.setString(13, primary);
            s.setObject(14, acknowledgedAt == null ? null : acknowledgedAt.atOffset(ZoneOffset.UTC));
            s.setString(15, ackIntegration);
            s.setString(16, ackKey);
            s.executeUpdate();
        }
    }

    private static Connection db() throws SQLException {
        return TestDatabase.connect();
    }

    private static Response get(String path, String... headers) {
        var req = given().header("X-Fractify-Integration", "pacs").header("X-Fractify-Key-Id", "key_wire1");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return req.get(path);
    }

    /** The body is exactly the recorded one, with the recorded status and content type. */
    private void matches(String name, Response response, int status, String contentType) throws IOException {
        matches(name, response.getBody().asString());
        assertThat(response.getStatusCode()).as(name).isEqualTo(status);
        assertThat(response.getContentType()).as(name).startsWith(contentType);
    }

    /** Notes a difference (and writes what was received) so that one run shows every body that differs. */
    private void matches(String name, String text) throws IOException {
        if (!(text + "\n").equals(expected(name))) {
            Path actual = Path.of("target/wire-actual", name);
            Files.createDirectories(actual.getParent());
            Files.writeString(actual, text + "\n");
            differences.add(name);
        }
    }

    private void noDifferences() {
        List<String> found = List.copyOf(differences);
        differences.clear();
        assertThat(found).as("bodies that differ from the recorded ones (received in target/wire-actual/)")
                .isEmpty();
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = WireCompatibilityTest.class.getResourceAsStream("/wire/" + name)) {
            return in == null ? "(nothing recorded as wire/" + name + ")"
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void reportsReadAsRecorded() throws IOException {
        matches("report-acked.json", get(BASE + ACKED), 200, "application/json");
        matches("report-acked-public-url.json", get(BASE + ACKED, "X-Fractify-Public-Url",
                "https://fractify.example/"), 200, "application/json");
        matches("report-normal.json", get(BASE + NORMAL), 200, "application/json");
        matches("report-failed.json", get(BASE + FAILED), 200, "application/json");
        matches("report-failed-unknown-slug.json", get(BASE + UNKNOWN), 200, "application/json");
        matches("report-pending.json", get(BASE + PENDING), 200, "application/json");
        matches("report-legacy-context.json", get(BASE + LEGACY), 200, "application/json");
        matches("report-not-found.json", get(BASE + "rpt_wirenosuchreport0001"), 404, "application/problem+json");
        noDifferences();
    }

    @Test
    void searchAcknowledgementAndWorklistAsRecorded() throws IOException {
        matches("search.json", given().header("X-Fractify-Integration", "pacs").queryParam("patient_id", "PT-WIRE")
                .queryParam("from", "2026-11-20T10:00:00Z").queryParam("limit", 3)
                .header("X-Fractify-Public-Url", "https://fractify.example").get("/internal/v1/tenants/" + TENANT
                        + "/reports"), 200, "application/json");
        matches("search-without-patient.json", get("/internal/v1/tenants/" + TENANT + "/reports"), 400,
                "application/problem+json");
        matches("acknowledge-again.json", given().header("X-Fractify-Integration", "emr")
                .header("X-Fractify-Key-Id", "key_other").post(BASE + ACKED + "/acknowledge"), 200,
                "application/json");
        matches("acknowledge-pending.json", given().header("X-Fractify-Integration", "emr")
                .header("X-Fractify-Key-Id", "key_other").post(BASE + PENDING + "/acknowledge"), 409,
                "application/problem+json");
        String worklist = "/internal/v1/tenants/" + TENANT + "/worklist";
        matches("worklist.json", given().get(worklist), 200, "application/json");
        Response first = given().get(worklist + "?limit=2");
        matches("worklist-page-1.json", first, 200, "application/json");
        matches("worklist-page-2.json", given().get(worklist + "?limit=2&cursor="
                + first.jsonPath().getString("next_cursor")), 200, "application/json");
        matches("worklist-bad-cursor.json", given().get(worklist + "?cursor=bm90LWEtY3Vyc29y"), 400,
                "application/problem+json");
        noDifferences();
    }

    @Test
    void heatmapAsRecorded() throws Exception {
        Response png = get(BASE + ACKED + "/heatmap.png");
        assertThat(png.getStatusCode()).isEqualTo(200);
        assertThat(png.getContentType()).isEqualTo("image/png");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png.asByteArray()));
        matches("heatmap-acked.png.sha256", sha256);
        matches("heatmap-none.json", get(BASE + NORMAL + "/heatmap.png"), 404, "application/problem+json");
        noDifferences();
    }

    /**
     * The report the event of a completed analysis carries, as recorded; the values taken from the clock
     * (when received, when completed and what follows from them) are replaced by placeholders. Another tenant,
     * so that the report stays out of the lists above.
     */
    @Test
    void reportEventCarriesTheRecordedAnalysisJson() throws Exception {
        String id = "rpt_wireevent0000000001";
        ScanJob job = job("tenant-wire-event", id, Modality.CHEST_XRAY, Instant.now().minusSeconds(1).truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS), null, null);
        JobRecords.send(job);
        kafka.send(Topics.SCAN_ANALYSES, id, EventJson.mapper().writeValueAsString(completed(job,
                scores("normal", 0.2, "pneumonia", 0.8), List.of(new Finding("pneumonia", "Pneumonia",
                        new Finding.Code("http://snomed.info/sct", "233604007", "Pneumonia (disorder)"), 80.0,
                        "Moderate", 3, new Finding.Location("left lower zone", List.of(0.6, 0.5, 0.3, 0.3)))), 3,
                new AnalysisCompleted.Heatmap("pneumonia", 1, 1, List.of(1.0)), null)));
        var record = kafka.awaitRecord(Topics.REPORT_EVENTS, id, Duration.ofSeconds(30));
        assertThat(record.key()).isEqualTo(id);
        ReportEvent event = EventJson.mapper().readValue(record.value(), ReportEvent.class);
        assertThat(record.value()).as("the event on the wire is its canonical JSON")
                .isEqualTo(EventJson.mapper().writeValueAsString(event));
        ObjectNode carried = (ObjectNode) event.analysis();
        assertThat(carried.path("created_at").asText()).isEqualTo(job.occurredAt().toString());
        carried.put("created_at", "<received>");
        carried.put("completed_at", "<clock>");
        carried.put("processing_ms", -1);
        ((ObjectNode) carried.path("processing_stages_ms")).put("persist", -1);
        matches("event-analysis.json", EventJson.mapper().writeValueAsString(carried));
        noDifferences();
    }
}
