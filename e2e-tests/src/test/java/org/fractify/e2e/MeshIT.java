package org.fractify.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.fractify.testsupport.Metrics;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole mesh, packaged as it ships: five service processes (see {@link Mesh}), a real KRaft broker,
 * a real PostgreSQL, the real chest_xray model. Everything goes through the gateway's public HTTP API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshIT {

    private static ServiceProcess gateway;
    private static ServiceProcess secondGateway;
    private static ServiceProcess fhir;
    private static ServiceProcess webhook;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void startMesh() throws Exception {
        Mesh mesh = Mesh.shared();
        gateway = mesh.gateway;
        secondGateway = mesh.secondGateway;
        fhir = mesh.fhir;
        webhook = mesh.webhook;
        keyA = mesh.issueKey("hospital-a", "pacs");
        keyB = mesh.issueKey("hospital-b", "emr");
    }

    /** A validation-split pneumonia radiograph from ../shared (the held-back test split is never used). */
    private static String samplePngBase64(String label) throws Exception {
        Path dataset = SharedData.datasets().resolve("chest_xray");
        List<String> rows = Files.readAllLines(dataset.resolve("labels.csv"));
        String file = rows.stream().skip(1).map(r -> r.split(","))
                .filter(c -> c[1].equals(label) && c[3].equals("val")).map(c -> c[0]).findFirst().orElseThrow();
        return Base64.getEncoder().encodeToString(Files.readAllBytes(dataset.resolve(file)));
    }

    private static Response analyse(ServiceProcess via, String key, String body, String... headers) {
        var request = given().baseUri(via.url()).header("Authorization", "Bearer " + key)
                .contentType("application/json").body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.post("/api/v1/scan/analyse");
    }

    private static String body(String imageBase64, String patient) {
        return "{\"image_base64\":\"" + imageBase64 + "\",\"modality\":\"chest_xray\",\"patient_id\":\"" + patient
                + "\",\"clinical_context\":\"fever and cough for 3 days\"}";
    }

    private static String reportId;

    @Test
    @Order(1)
    void analyseAnswersSynchronouslyWithARealModelResult() throws Exception {
        Response r = analyse(gateway, keyA, body(samplePngBase64("pneumonia"), "PT-001"));
        r.then().statusCode(200)
                .body("report_id", startsWith("rpt_"))
                .body("status", equalTo("completed"))
                .body("modality", equalTo("chest_xray"))
                .body("patient_id", equalTo("PT-001"))
                .body("model.name", equalTo("fractify-chest-xray"))
                .body("model.version", notNullValue())
                .body("scores", aMapWithSize(2))
                .body("scores", hasKey("normal"))
                .body("scores", hasKey("pneumonia"))
                .body("urgency", anyOf(is(1), is(2), is(3), is(4), is(5)))
                .body("processing_ms", greaterThan(0))
                .body("processing_stages_ms", hasKey("infer"))
                .body("heatmap_url", startsWith(gateway.url() + "/api/v1/report/rpt_"));
        double pneumonia = r.jsonPath().getDouble("scores.pneumonia");
        double normal = r.jsonPath().getDouble("scores.normal");
        assertThat(pneumonia + normal).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.002));
        List<Map<String, Object>> findings = r.jsonPath().getList("findings");
        if (!findings.isEmpty()) {
            assertThat(findings.get(0)).containsKeys("condition", "confidence", "severity", "location");
        }
        assertThat(r.jsonPath().getMap("$")).doesNotContainKeys("treatment_guidance", "fhir_diagnostic_report");
        reportId = r.path("report_id");
    }

    @Test
    @Order(2)
    void reportIsStoredAndReadableWithGuidanceAndFhir() {
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA)
                .get("/api/v1/report/" + reportId).then().statusCode(200)
                .body("report_id", equalTo(reportId))
                .body("status", equalTo("completed"))
                .body("created_at", notNullValue())
                .body("treatment_guidance.disclaimer", startsWith("Decision support"))
                .body("differentials.size()", greaterThanOrEqualTo(2))
                .body("differentials.label", org.hamcrest.Matchers.hasItems("normal", "pneumonia"))
                .body("fhir_diagnostic_report.resourceType", equalTo("DiagnosticReport"))
                .body("fhir_diagnostic_report.subject.identifier.value", equalTo("PT-001"));
        byte[] png = given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA)
                .get("/api/v1/report/" + reportId + "/heatmap").then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    @Order(3)
    void tenantsAreIsolatedAndKeysAreChecked() {
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyB)
                .get("/api/v1/report/" + reportId).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://fractify.org/problems/report-not-found"));
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyB)
                .get("/api/v1/report/" + reportId + "/heatmap").then().statusCode(404);
        given().baseUri(gateway.url()).get("/api/v1/report/" + reportId).then().statusCode(401)
                .contentType("application/problem+json");
        given().baseUri(gateway.url()).header("Authorization", "Bearer frk_forged_key")
                .get("/api/v1/report/" + reportId).then().statusCode(401);
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA)
                .get("/api/v1/report/rpt_doesnotexist").then().statusCode(404);
    }

    @Test
    @Order(4)
    void respondAsyncGives202AndTheReportCanBePolled() throws Exception {
        Response accepted = analyse(gateway, keyA, body(samplePngBase64("normal"), "PT-002"), "Prefer", "respond-async");
        accepted.then().statusCode(202).body("status", equalTo("processing"));
        String location = accepted.header("Location");
        assertThat(location).startsWith(gateway.url() + "/api/v1/report/rpt_");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + keyA).get(location).then().statusCode(200)
                        .body("status", equalTo("completed")));
    }

    @Test
    @Order(5)
    void aSecondGatewayReplicaGetsItsOwnRepliesAndARestartLosesNoAcceptedJob() throws Exception {
        // Replies are correlated per instance: the second replica answers its own request synchronously.
        analyse(secondGateway, keyA, body(samplePngBase64("pneumonia"), "PT-003")).then().statusCode(200)
                .body("status", equalTo("completed"));
        // A job accepted with 202 survives the gateway that accepted it.
        Response accepted = analyse(gateway, keyA, body(samplePngBase64("normal"), "PT-004"), "Prefer", "respond-async");
        accepted.then().statusCode(202);
        String id = accepted.path("report_id");
        gateway.stop();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().baseUri(secondGateway.url()).header("Authorization", "Bearer " + keyA)
                        .get("/api/v1/report/" + id).then().statusCode(200).body("status", equalTo("completed")));
        gateway.start().awaitReady(Duration.ofSeconds(60));
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA)
                .get("/api/v1/report/" + id).then().statusCode(200).body("status", equalTo("completed"));
    }

    @Test
    @Order(6)
    void badInputIsAProblemNeverA5xx() {
        analyse(gateway, keyA, "{\"image_base64\":\"aGVsbG8=\",\"modality\":\"chest_xray\",\"patient_id\":\"P\"}")
                .then().statusCode(415).contentType("application/problem+json");
        analyse(gateway, keyA, "[1,2").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    @Order(7)
    void modelsAreListedAndDownstreamServicesConsumeReportEvents() {
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA).get("/api/v1/models")
                .then().statusCode(200)
                .body("find { it.modality == 'chest_xray' }.sha256", notNullValue())
                .body("modality", org.hamcrest.Matchers.hasItem("chest_xray"));
        for (ServiceProcess consumer : List.of(fhir, webhook)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Metrics.sum(
                    given().baseUri(consumer.url()).get("/q/metrics").then().statusCode(200).extract().asString(),
                    "fractify_report_events_consumed_total")).isGreaterThan(2));
        }
        given().baseUri(gateway.url()).get("/q/metrics").then().statusCode(200);
    }

    @Test
    @Order(8)
    void theStoredReportIsServedAsFhirAndHl7AndReadersWorkTheWorklist() {
        var authorised = given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA);
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA)
                .get("/fhir/DiagnosticReport/" + reportId).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("application/fhir+json"))
                .body("resourceType", equalTo("DiagnosticReport"))
                .body("status", equalTo("preliminary"))
                .body("subject.identifier.value", equalTo("PT-001"));
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyB)
                .get("/fhir/DiagnosticReport/" + reportId).then().statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
        String hl7 = given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA)
                .get("/api/v1/report/" + reportId + "/hl7").then().statusCode(200).extract().asString();
        assertThat(hl7).startsWith("MSH|").contains("ORU^R01").contains("PID|1||PT-001");
        authorised.get("/api/v1/worklist").then().statusCode(200)
                .body("items.report_id", org.hamcrest.Matchers.hasItem(reportId));
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyB).get("/api/v1/worklist")
                .then().statusCode(200).body("items.report_id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(reportId)));
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA)
                .post("/api/v1/report/" + reportId + "/acknowledge").then().statusCode(200);
        given().baseUri(gateway.url()).header("Authorization", "Bearer " + keyA)
                .get("/fhir/DiagnosticReport/" + reportId).then().statusCode(200).body("status", equalTo("final"));
    }

    static BufferedImage decode(byte[] png) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(png));
    }
}
