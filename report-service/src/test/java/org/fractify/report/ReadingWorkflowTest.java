package org.fractify.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Finding;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.Topics;
import org.fractify.renderings.FhirValidation;
import org.fractify.report.persistence.WorklistRepository;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.KafkaTopics;
import org.fractify.testsupport.PostgresTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Guidance, differentials, the embedded FHIR resource, the worklist, acknowledgement and the audit trail,
 * on reports that arrive through the real topics into a real PostgreSQL.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class ReadingWorkflowTest {

    private static final String TENANT = "tenant-w";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private final KafkaTopics kafka = new KafkaTopics(KafkaBroker.bootstrapServers());

    private String routine;     // urgency 1, oldest
    private String critical;    // urgency 5, newer
    private String criticalOld; // urgency 5, older
    private String moderate;    // urgency 3
    private String pending;     // processing

    private static String id() {
        return "rpt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static ScanJob job(String id, Modality modality, Instant at, String context) {
        return new ScanJob(1, UUID.randomUUID().toString(), at, id, TENANT, "pacs", "PT-77", modality,
                context == null ? null : TextNode.valueOf(context), new NormalisedImage(64, 64, null, "png", 64, 64),
                Map.of("decode", 1L, "preprocess", 1L));
    }

    private static AnalysisCompleted analysis(ScanJob job, Map<String, Double> scores, List<Finding> findings, int urgency) {
        return new AnalysisCompleted(1, UUID.randomUUID().toString(), job.occurredAt().plusSeconds(1), job.reportId(),
                TENANT, job, AnalysisCompleted.COMPLETED, new AnalysisCompleted.ModelRef("fractify-" + job.modality()
                        .wireName().replace('_', '-'), "0.2.0"), scores, findings, urgency,
                new AnalysisCompleted.Heatmap("x", 2, 2, List.of(0.0, 0.5, 1.0, 0.2)), Map.of("infer", 5L), null);
    }

    private static Finding haemorrhage() {
        return new Finding("hemorrhage", "Intracranial haemorrhage",
                new Finding.Code("http://snomed.info/sct", "1386000", "Intracranial hemorrhage (disorder)"), 96.4,
                "Critical", 5, new Finding.Location("left parietal lobe", List.of(0.5, 0.3, 0.2, 0.2)));
    }

    private void send(String topic, String key, Object event) throws Exception {
        kafka.send(topic, key, EventJson.mapper().writeValueAsString(event));
    }

    /** The gateway names the caller's integration on every call; {@code headers} may name another. */
    private static io.restassured.specification.RequestSpecification asPacs(String... headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("X-Fractify-Integration", "pacs");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return given().headers(all);
    }

    private static io.restassured.response.ValidatableResponse report(String id, String... headers) {
        return asPacs(headers).get("/internal/v1/tenants/" + TENANT + "/reports/" + id).then();
    }

    @BeforeEach
    void storeReports() throws Exception {
        if (routine != null) {
            return; // once per class; in @BeforeEach because RestAssured points at the app only from here on
        }
        routine = id();
        critical = id();
        criticalOld = id();
        moderate = id();
        pending = id();
        ScanJob r = job(routine, Modality.CHEST_XRAY, T0, "cough, no fever");
        send(Topics.SCAN_ANALYSES, routine, analysis(r, Map.of("normal", 0.93, "pneumonia", 0.07), List.of(), 1));
        ScanJob c = job(critical, Modality.CT_BRAIN, T0.plusSeconds(300), "72 year old on apixaban, fell at home");
        send(Topics.SCAN_ANALYSES, critical, analysis(c, Map.of("hemorrhage", 0.964, "normal", 0.036),
                List.of(haemorrhage()), 5));
        ScanJob co = job(criticalOld, Modality.CT_BRAIN, T0.plusSeconds(60), null);
        send(Topics.SCAN_ANALYSES, criticalOld, analysis(co, Map.of("hemorrhage", 0.9, "normal", 0.1),
                List.of(haemorrhage()), 5));
        ScanJob m = job(moderate, Modality.CHEST_XRAY, T0.plusSeconds(30), "4 yo, fever 39.1");
        send(Topics.SCAN_ANALYSES, moderate, analysis(m, Map.of("normal", 0.12, "pneumonia", 0.88),
                List.of(new Finding("pneumonia", "Pneumonia", new Finding.Code("http://snomed.info/sct", "233604007",
                        "Pneumonia (disorder)"), 88.0, "Moderate", 3, new Finding.Location("right lower zone",
                                List.of(0.1, 0.5, 0.3, 0.3)))), 3));
        JobRecords.send(job(pending, Modality.DENTAL, T0.plusSeconds(10), null));
        for (String id : List.of(routine, critical, criticalOld, moderate)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    report(id).statusCode(200).body("status", equalTo("completed")));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> report(pending).statusCode(200));
    }

    private static JsonPath worklist(String query) {
        return given().get("/internal/v1/tenants/" + TENANT + "/worklist" + query).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void worklistIsUrgencyFirstThenOldestFirstAndPagesWithACursor() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = worklist("?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("items.report_id"));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactly(criticalOld, critical, moderate, routine, pending);
        assertThat(pages).isEqualTo(3);

        assertThat(worklist("?urgency_min=4").getList("items.report_id")).containsExactly(criticalOld, critical);
        assertThat(worklist("?urgency_min=2&urgency_max=3").getList("items.report_id")).containsExactly(moderate);
        assertThat(worklist("?modality=chest_xray").getList("items.report_id")).containsExactly(moderate, routine);
        assertThat(worklist("?status=processing").getList("items.report_id")).containsExactly(pending);
        assertThat(worklist("?from=2026-11-20T10:00:30Z&to=2026-11-20T10:02:00Z").getList("items.report_id"))
                .containsExactly(criticalOld, moderate);
        JsonPath first = worklist("?limit=1");
        assertThat(first.getString("items[0].primary_condition")).isEqualTo("Intracranial haemorrhage");
        assertThat(first.getInt("items[0].urgency")).isEqualTo(5);
        given().get("/internal/v1/tenants/" + TENANT + "/worklist?cursor=not-a-cursor").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/internal/v1/tenants/" + TENANT + "/worklist?urgency_min=6").then().statusCode(400);
        given().get("/internal/v1/tenants/other-tenant/worklist").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void acknowledgementIsIdempotentRecordsTheKeyAndMakesTheReportFinal() {
        String ack = "/internal/v1/tenants/" + TENANT + "/reports/" + moderate + "/acknowledge";
        JsonPath first = given().header("X-Fractify-Integration", "pacs").header("X-Fractify-Key-Id", "key_reader1")
                .post(ack).then().statusCode(200).body("acknowledged", equalTo(true))
                .body("acknowledged_by.key_id", equalTo("key_reader1")).extract().jsonPath();
        given().header("X-Fractify-Integration", "emr").header("X-Fractify-Key-Id", "key_other").post(ack).then()
                .statusCode(200).body("acknowledged_by.key_id", equalTo("key_reader1"))
                .body("acknowledged_at", equalTo(first.getString("acknowledged_at")));
        report(moderate).body("acknowledged", equalTo(true))
                .body("acknowledged_by.integration", equalTo("pacs"))
                .body("fhir_diagnostic_report.status", equalTo("final"));
        assertThat(worklist("?acknowledged=true").getList("items.report_id")).containsExactly(moderate);
        assertThat(worklist("?acknowledged=false").getList("items.report_id")).doesNotContain(moderate);
        asPacs().post("/internal/v1/tenants/" + TENANT + "/reports/" + pending + "/acknowledge").then().statusCode(409)
                .body("type", equalTo("https://fractify.org/problems/report-not-ready"));
        asPacs().post("/internal/v1/tenants/another/reports/" + routine + "/acknowledge").then().statusCode(404);
    }

    @Test
    void guidanceCombinesTheKnowledgeBaseWithTheClinicalContext() {
        JsonPath r = report(critical).statusCode(200).extract().jsonPath();
        assertThat(r.getString("treatment_guidance.label")).isEqualTo("hemorrhage");
        assertThat(r.getString("treatment_guidance.severity")).isEqualTo("Critical");
        assertThat(r.getList("treatment_guidance.context_rules_applied.rule"))
                .contains("CTX-ANTICOAG-ICH").doesNotContain("CTX-FEVER-PNEUMONIA");
        assertThat(r.getList("treatment_guidance.sources", String.class)).anyMatch(s -> s.contains("AHA/ASA"));
        assertThat(r.getList("treatment_guidance.next_steps.source", String.class)).allMatch(s -> !s.isBlank());
        assertThat(r.getString("treatment_guidance.text")).contains("Decision support").contains("[Greenberg SM");
        // differentials: ordered, model labels with the model's probability, look-alikes from the knowledge base
        List<Float> likelihoods = r.getList("differentials.likelihood", Float.class);
        assertThat(likelihoods).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(r.getString("differentials[0].label")).isEqualTo("hemorrhage");
        assertThat(r.getFloat("differentials[0].likelihood")).isEqualTo(0.964f);
        assertThat(r.getList("differentials.basis")).contains("model", "knowledge_base");
        List<Map<String, Object>> kb = r.getList("differentials.findAll { it.basis == 'knowledge_base' }");
        assertThat(kb).allSatisfy(d -> {
            assertThat(((Number) d.get("likelihood")).doubleValue()).isLessThan(0.964);
            assertThat((String) d.get("rationale")).contains("Not a model output");
        });
        JsonPath child = report(moderate).extract().jsonPath();
        assertThat(child.getList("treatment_guidance.context_rules_applied.rule"))
                .contains("CTX-FEVER-PNEUMONIA", "CTX-CHILD-PNEUMONIA");
        JsonPath normal = report(routine).extract().jsonPath();
        assertThat(normal.getString("treatment_guidance.label")).isEqualTo("normal");
        assertThat(normal.getList("treatment_guidance.context_rules_applied")).isEmpty(); // "no fever" is negated
    }

    @Test
    void embeddedFhirDiagnosticReportValidatesWithZeroErrors() throws Exception {
        for (String id : List.of(critical, routine)) {
            String json = report(id, "X-Fractify-Public-Url", "https://fractify.example/").extract().body().asString();
            JsonNode dr = EventJson.mapper().readTree(json).path("fhir_diagnostic_report");
            assertThat(dr.path("resourceType").asText()).isEqualTo("DiagnosticReport");
            assertThat(FhirValidation.errors(dr.toString())).as(id).isEmpty();
            assertThat(dr.path("presentedForm").path(0).path("url").asText())
                    .isEqualTo("https://fractify.example/api/v1/report/" + id + "/heatmap");
        }
        // kept as the sample of the reference documentation (target/ only)
        java.nio.file.Path sample = java.nio.file.Path.of("target/issue5-sample/report.json");
        java.nio.file.Files.createDirectories(sample.getParent());
        java.nio.file.Files.writeString(sample, report(critical, "X-Fractify-Public-Url", "https://fractify.example/")
                .extract().body().asPrettyString());
        report(critical).body("fhir_diagnostic_report.status", equalTo("preliminary"))
                .body("fhir_diagnostic_report.identifier[0].value", equalTo(critical));
    }

    @Test
    void everyReadIsAuditedAndTheTrailIsAppendOnly() throws Exception {
        report(routine, "X-Fractify-Integration", "pacs", "X-Fractify-Key-Id", "key_aud1",
                "X-Fractify-Representation", "hl7").statusCode(200);
        given().header("X-Fractify-Integration", "pacs").header("X-Fractify-Key-Id", "key_aud1")
                .get("/internal/v1/tenants/" + TENANT + "/reports/" + routine + "/heatmap.png").then().statusCode(200);
        asPacs("X-Fractify-Key-Id", "key_aud1").queryParam("patient_id", "PT-77")
                .get("/internal/v1/tenants/" + TENANT + "/reports").then().statusCode(200)
                .body("items.report_id", hasItem(routine));
        report("rpt_doesnotexist0000", "X-Fractify-Key-Id", "key_aud1").statusCode(404);
        try (Connection c = db(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT representation, integration, key_id, read_at FROM reports.report_read "
                    + "WHERE report_id = '" + routine + "' AND key_id = 'key_aud1' ORDER BY id");
            List<String> what = new ArrayList<>();
            while (rs.next()) {
                what.add(rs.getString(1));
                assertThat(rs.getString(2)).isEqualTo("pacs");
                assertThat(rs.getTimestamp(4)).isNotNull();
            }
            assertThat(what).containsExactly("hl7", "heatmap", "search");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE reports.report_read SET key_id = 'x'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM reports.report_read"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE reports.report_read"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }

    @Test
    void searchByPatientAndDate() {
        asPacs().queryParam("patient_id", "PT-77").queryParam("from", "2026-11-20T10:04:00Z")
                .get("/internal/v1/tenants/" + TENANT + "/reports").then().statusCode(200)
                .body("items.report_id", org.hamcrest.Matchers.contains(critical));
        asPacs().queryParam("patient_id", "PT-77").get("/internal/v1/tenants/nobody/reports").then().statusCode(200)
                .body("items.size()", equalTo(0));
        asPacs().get("/internal/v1/tenants/" + TENANT + "/reports").then().statusCode(400);
        report(pending).body("fhir_diagnostic_report", nullValue());
    }

    /** Every read is audited with the caller's integration: a call that names none is refused, not served. */
    @Test
    void aCallThatNamesNoIntegrationIsRefusedAndNotAudited() throws Exception {
        String reports = "/internal/v1/tenants/" + TENANT + "/reports/";
        List<io.restassured.response.Response> calls = List.of(
                given().header("X-Fractify-Key-Id", "key_anon1").get(reports + routine),
                given().header("X-Fractify-Key-Id", "key_anon1").header("X-Fractify-Integration", " ")
                        .get(reports + routine),
                given().header("X-Fractify-Key-Id", "key_anon1").get(reports + routine + "/heatmap.png"),
                given().header("X-Fractify-Key-Id", "key_anon1").post(reports + routine + "/acknowledge"),
                given().header("X-Fractify-Key-Id", "key_anon1").queryParam("patient_id", "PT-77")
                        .get("/internal/v1/tenants/" + TENANT + "/reports"));
        for (var call : calls) {
            call.then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://fractify.org/problems/invalid-request"))
                    .body("detail", org.hamcrest.Matchers.startsWith("X-Fractify-Integration is required"));
        }
        report(routine).body("acknowledged", equalTo(false));
        try (Connection c = db(); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT count(*) FROM reports.report_read WHERE key_id = 'key_anon1'");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    /** A report id from outside is checked with ReportId: one that is not a report id is never looked up. */
    @Test
    void anIdThatIsNotAReportIdIsNotFoundEvenWhenARowHasIt() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO reports.report (report_id, tenant_id, patient_id, modality, status, received_at) "
                    + "VALUES ('RPT_NotAnId', 'tenant-ids', 'P1', 'chest_xray', 'processing', now()), "
                    + "('rpt_wellformed1', 'tenant-ids', 'P1', 'chest_xray', 'processing', now())");
        }
        String reports = "/internal/v1/tenants/tenant-ids/reports/";
        asPacs().get(reports + "rpt_wellformed1").then().statusCode(200);
        asPacs().get(reports + "RPT_NotAnId").then().statusCode(404)
                .body("type", equalTo("https://fractify.org/problems/report-not-found"));
        asPacs().get(reports + "RPT_NotAnId/heatmap.png").then().statusCode(404);
        asPacs().post(reports + "RPT_NotAnId/acknowledge").then().statusCode(404);
    }

    @Test
    void theWorklistQueryIsServedByItsIndexWithoutASort() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("SET search_path = reports");
            // a busy tenant next to ours: the planner must still walk the index in order and stop at the limit
            s.execute("INSERT INTO reports.report (report_id, tenant_id, patient_id, modality, status, urgency, received_at) "
                    + "SELECT 'rpt_bulk' || g, CASE WHEN g % 4 = 0 THEN 'bulk-a' ELSE 'busy' END, 'P' || g, "
                    + "'chest_xray', 'completed', 1 + g % 5, now() - g * interval '1 minute' FROM generate_series(1, 20000) g");
            s.execute("ANALYZE reports.report");
            String sql = WorklistRepository.PAGE_SQL;
            s.execute("PREPARE worklist_page(text, int, int, text, text[], boolean, timestamptz, timestamptz, int, "
                    + "timestamptz, text, int) AS " + sql);
            ResultSet rs = s.executeQuery("EXPLAIN EXECUTE worklist_page('bulk-a', 0, 5, NULL, NULL, NULL, NULL, "
                    + "NULL, -1, '1970-01-01T00:00:00Z', '', 51)");
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            assertThat(plan.toString()).contains("report_worklist").doesNotContain("Sort").doesNotContain("Seq Scan");
        } finally {
            try (Connection c = db(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM reports.report WHERE report_id LIKE 'rpt_bulk%'");
            }
        }
    }

    private static Connection db() throws SQLException {
        return TestDatabase.connect();
    }
}
