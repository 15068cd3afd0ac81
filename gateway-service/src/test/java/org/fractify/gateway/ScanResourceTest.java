package org.fractify.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Modality;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.Topics;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.KafkaTopics;
import org.fractify.testsupport.PostgresTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public scan API against a real broker and a real PostgreSQL (API keys). */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = true)
class ScanResourceTest {

    private static final String ADMIN = "Bearer test-admin-token";

    @Inject
    Pool pool;
    private String key;
    private String keyId;

    @BeforeEach
    void issueKey() {
        var issued = given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"tenant_id\":\"tenant-a\",\"integration\":\"pacs-1\"}")
                .post("/admin/v1/api-keys")
                .then().statusCode(201).extract();
        key = issued.path("key");
        keyId = issued.path("id");
    }

    private Response analyse(String body, String... headers) {
        var request = given().header("Authorization", "Bearer " + key).contentType("application/json").body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.post("/api/v1/scan/analyse");
    }

    @Test
    void missingOrWrongKeyIs401Problem() {
        given().contentType("application/json").body("{}").post("/api/v1/scan/analyse")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://fractify.org/problems/unauthenticated"))
                .header("WWW-Authenticate", startsWith("Bearer"));
        given().header("Authorization", "Bearer frk_nope_nope").get("/api/v1/report/rpt_abc")
                .then().statusCode(401).body("status", equalTo(401));
        given().get("/admin/v1/api-keys").then().statusCode(401);
    }

    /** A request the gateway answers itself (400) when the key is valid, 401 when it is not. */
    private static int statusWith(String apiKey) {
        return given().header("Authorization", "Bearer " + apiKey).contentType("application/json").body("{not json")
                .post("/api/v1/scan/analyse").statusCode();
    }

    private static io.restassured.path.json.JsonPath issue(String tenant) {
        return given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"tenant_id\":\"" + tenant + "\",\"integration\":\"emr\"}").post("/admin/v1/api-keys")
                .then().statusCode(201).extract().jsonPath();
    }

    @Test
    void issuedKeysHaveTheirFormat() {
        var issued = issue("tenant-f");
        String unambiguous = "[abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789]";
        assertThat(issued.getString("id")).matches("key_" + unambiguous + "{12}");
        assertThat(issued.getString("key"))
                .matches("frk_" + issued.getString("id").substring(4) + "_" + unambiguous + "{32}");
    }

    /** Revoking through this gateway refuses the key on the very next request, though it was just verified. */
    @Test
    void revokedKeyStopsWorkingAtOnce() {
        var issued = issue("tenant-r");
        String revokedKey = issued.getString("key");
        String id = issued.getString("id");
        assertThat(statusWith(revokedKey)).as("the key works, and is now verified").isEqualTo(400);
        given().header("Authorization", ADMIN).get("/admin/v1/api-keys?tenant_id=tenant-r")
                .then().statusCode(200).body("[0].id", equalTo(id)).body("[0].revoked_at", nullValue());

        given().header("Authorization", ADMIN).delete("/admin/v1/api-keys/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + revokedKey).contentType("application/json").body("{not json")
                .post("/api/v1/scan/analyse").then().statusCode(401)
                .body("type", equalTo("https://fractify.org/problems/unauthenticated"));
        given().header("Authorization", ADMIN).delete("/admin/v1/api-keys/" + id).then().statusCode(404);
        assertThat(statusWith(key)).as("other keys keep working").isEqualTo(400);
    }

    /**
     * A key that goes away without this gateway knowing (revoked through another replica, deleted in the database)
     * is refused once the verified-key cache's TTL (2 s in tests) has passed.
     */
    @Test
    void aKeyDeletedInTheDatabaseIsRefusedWithinTheCacheTtl() {
        var issued = issue("tenant-d");
        String deletedKey = issued.getString("key");
        assertThat(statusWith(deletedKey)).isEqualTo(400);
        pool.preparedQuery("DELETE FROM api_key WHERE id = $1").execute(Tuple.of(issued.getString("id")))
                .await().atMost(Duration.ofSeconds(10));
        long deleted = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200))
                .until(() -> statusWith(deletedKey) == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void badRequestsAreNamedProblems() {
        analyse("{not json").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://fractify.org/problems/malformed-json"));
        analyse("{\"image_base64\":\"AAAA\",\"modality\":\"xray\",\"patient_id\":\"P\"}").then().statusCode(400)
                .body("detail", containsString("'modality' must be one of chest_xray"));
        analyse("{\"image_base64\":\"AAAA\",\"modality\":\"chest_xray\"}").then().statusCode(400)
                .body("detail", containsString("'patient_id' is required"));
        analyse(TestImages.body("%%%not-base64%%%", "chest_xray", "P")).then().statusCode(400)
                .body("type", equalTo("https://fractify.org/problems/invalid-base64"));
        analyse(TestImages.body(TestImages.base64("GIF89a-not-supported".getBytes()), "chest_xray", "P"))
                .then().statusCode(415).body("type", equalTo("https://fractify.org/problems/unsupported-image-format"));
        byte[] png = TestImages.encode(TestImages.noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png");
        byte[] truncated = java.util.Arrays.copyOf(png, png.length / 2);
        analyse(TestImages.body(TestImages.base64(truncated), "chest_xray", "P")).then().statusCode(422)
                .body("type", equalTo("https://fractify.org/problems/image-undecodable"));
        byte[] tiny = TestImages.encode(TestImages.noise(16, 16, BufferedImage.TYPE_BYTE_GRAY), "png");
        analyse(TestImages.body(TestImages.base64(tiny), "chest_xray", "P")).then().statusCode(422)
                .body("type", equalTo("https://fractify.org/problems/image-too-small"));
    }

    @Test
    void respondAsyncPublishesANormalisedJobAndAnswers202() throws Exception {
        // A colour JPEG, landscape and larger than the 512 px cap: it must arrive gray, square, 512 px.
        byte[] jpeg = TestImages.encode(TestImages.noise(900, 600, BufferedImage.TYPE_INT_RGB), "jpg");
        Response response = analyse(TestImages.body(TestImages.base64(jpeg), "chest_xray", "PT-001"),
                "Prefer", "respond-async");
        response.then().statusCode(202).body("status", equalTo("processing"))
                .header("Location", containsString("/api/v1/report/rpt_"));
        String reportId = response.path("report_id");
        assertThat(reportId).matches("rpt_[a-z0-9]{20}");

        ConsumerRecord<String, String> record = new KafkaTopics(KafkaBroker.bootstrapServers())
                .awaitRecord(Topics.SCAN_JOBS, reportId, Duration.ofSeconds(20));
        assertThat(record.serializedValueSize()).isLessThan(1_000_000);
        ScanJob job = EventJson.mapper().readValue(record.value(), ScanJob.class);
        assertThat(job.schemaVersion()).isEqualTo(1);
        assertThat(job.tenantId()).isEqualTo("tenant-a");
        assertThat(job.integration()).isEqualTo("pacs-1");
        assertThat(job.patientId()).isEqualTo("PT-001");
        assertThat(job.modality()).isEqualTo(Modality.CHEST_XRAY);
        assertThat(job.image().sourceFormat()).isEqualTo("jpeg");
        assertThat(job.image().sourceWidth()).isEqualTo(900);
        BufferedImage normalised = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(job.image().pngBase64())));
        assertThat(normalised.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(normalised.getWidth()).isEqualTo(512);
        assertThat(normalised.getHeight()).isEqualTo(512);
        // letterbox: the top rows are black padding, the middle holds the image
        assertThat(normalised.getRaster().getSample(256, 10, 0)).isZero();
        assertThat(job.gatewayStagesMs()).containsKeys("decode", "preprocess");
        assertMetadataHeaderIsTheJobWithoutPixels(record, job);
    }

    /** Every job record carries the job without its pixels in a header, for consumers that need only that. */
    static void assertMetadataHeaderIsTheJobWithoutPixels(ConsumerRecord<String, String> record, ScanJob job)
            throws Exception {
        Header header = record.headers().lastHeader(ScanJob.METADATA_HEADER);
        assertThat(header).as("the %s header", ScanJob.METADATA_HEADER).isNotNull();
        ScanJob metadata = EventJson.mapper().readValue(header.value(), ScanJob.class);
        assertThat(metadata).isEqualTo(job.withoutPixels());
        assertThat(metadata.image().pngBase64()).isNull();
        assertThat(metadata.candidates()).allSatisfy(c -> assertThat(c.image().pngBase64()).isNull());
        assertThat(new String(header.value(), StandardCharsets.UTF_8)).doesNotContain("\"pngBase64\":\"");
        assertThat(header.value().length).isLessThan(16_384);
    }

    @Test
    void syncRequestFallsBackTo202AfterTheDeadline() {
        // No inference-service runs in this test, so no report arrives within the 2 s test deadline.
        byte[] png = TestImages.encode(TestImages.noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png");
        long t0 = System.nanoTime();
        analyse(TestImages.body(TestImages.base64(png), "chest_xray", "PT-002"))
                .then().statusCode(202).header("Location", containsString("/api/v1/report/rpt_"));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(1900);
    }

    /**
     * The answer to a waiting request comes from the report event alone: no report-service runs in this test,
     * so reading the report would fail (503) instead of answering 200. The job says which key waits, for
     * report-service's audit of the release.
     */
    /** Text that would reach a column is checked first: a NUL or a wrong shape is a 400 naming it (issue 12). */
    @Test
    void adminTextsThatWouldReachAColumnAreCheckedFirst() {
        given().header("Authorization", ADMIN).delete("/admin/v1/api-keys/%00").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'id'"));
        given().header("Authorization", ADMIN).delete("/admin/v1/api-keys/key_" + "a".repeat(3000)).then()
                .statusCode(400).body("detail", containsString("'id'"));
        given().header("Authorization", ADMIN).get("/admin/v1/api-keys?tenant_id=%00").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'tenant_id'"));
        given().header("Authorization", ADMIN).delete("/admin/v1/api-keys/key_unknown1").then().statusCode(404);
    }

    @Test
    void syncRequestIsAnsweredFromTheAnalysisCarriedByTheReportEvent() throws Exception {
        String[] reportId = new String[1];
        Response response = answeredBy(job -> {
            assertThat(job.reply()).as("a synchronous job names the waiting key").isNotNull();
            assertThat(job.reply().keyId()).isEqualTo(keyId);
            reportId[0] = job.reportId();
            return EventJson.mapper().createObjectNode().put("report_id", job.reportId()).put("status", "completed")
                    .put("urgency", 2).put("heatmap_url", "/api/v1/report/" + job.reportId() + "/heatmap");
        });
        response.then().statusCode(200).body("report_id", equalTo(reportId[0])).body("urgency", equalTo(2))
                .body("heatmap_url", startsWith("http://")).body("heatmap_url", containsString(reportId[0]));
    }

    /**
     * A synchronous analyse answered by a report event carrying {@code analysis(job)}: the job is read from the
     * topic, the event published, and the answer returned.
     */
    private Response answeredBy(java.util.function.Function<ScanJob, ObjectNode> analysis) throws Exception {
        String patient = "PT-SYNC-" + java.util.UUID.randomUUID();
        byte[] png = TestImages.encode(TestImages.noise(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png");
        var answer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> analyse(TestImages.body(TestImages.base64(png), "chest_xray", patient)));
        KafkaTopics kafka = new KafkaTopics(KafkaBroker.bootstrapServers());
        var records = kafka.records(Topics.SCAN_JOBS, r -> r.value().contains(patient), 1, Duration.ofSeconds(10));
        assertThat(records).as("the job of the waiting request").hasSize(1);
        ScanJob job = EventJson.mapper().readValue(records.get(0).value(), ScanJob.class);
        ObjectNode carried = analysis.apply(job);
        boolean completed = "completed".equals(carried.path("status").asText());
        var event = new org.fractify.contracts.ReportEvent(1, java.util.UUID.randomUUID().toString(),
                java.time.Instant.now(), completed ? org.fractify.contracts.ReportEvent.COMPLETED
                        : org.fractify.contracts.ReportEvent.FAILED, job.reportId(), "tenant-a",
                patient, Modality.CHEST_XRAY, carried.path("urgency").asInt(0), null, null, 40, carried);
        kafka.send(Topics.REPORT_EVENTS, job.reportId(), EventJson.mapper().writeValueAsString(event));
        return answer.get(20, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static ObjectNode failedAnalysis(ScanJob job, String type, int status) {
        ObjectNode analysis = EventJson.mapper().createObjectNode().put("report_id", job.reportId())
                .put("status", "failed");
        analysis.putObject("problem").put("type", type).put("status", status).put("detail", "CT, not chest X-ray");
        return analysis;
    }

    /** A failed report answers with its problem; the type and so the status are the registry's, not the report's. */
    @Test
    void aFailedReportIsAnsweredWithTheRegisteredProblemAndItsStatus() throws Exception {
        String[] reportId = new String[1];
        Response lying = answeredBy(job -> {
            reportId[0] = job.reportId();
            return failedAnalysis(job, "https://fractify.org/problems/modality-mismatch", 500);
        });
        lying.then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://fractify.org/problems/modality-mismatch")).body("status", equalTo(422))
                .body("detail", equalTo("CT, not chest X-ray")).body("report_id", equalTo(reportId[0]));

        answeredBy(job -> failedAnalysis(job, "https://fractify.org/problems/not-a-registered-type", 503))
                .then().statusCode(422).body("type", equalTo("https://fractify.org/problems/analysis-failed"));
    }

    @Test
    void oversizedBodyIs413ProblemBeforeItIsRead() {
        // the test profile caps bodies at 20,000,000 bytes
        String big = TestImages.body("A".repeat(20_100_000), "chest_xray", "P");
        analyse(big).then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://fractify.org/problems/payload-too-large"))
                .body("detail", containsString("at most 20000000"));
    }

    @Test
    void bodiesAboveQuarkusTenMegabyteDefaultAreAccepted() {
        byte[] png = TestImages.encode(TestImages.noise(1700, 1700, BufferedImage.TYPE_INT_RGB), "png");
        String body = TestImages.body(TestImages.base64(png), "chest_xray", "PT-BIG");
        assertThat(body.length()).isGreaterThan(10 * 1024 * 1024);
        analyse(body, "Prefer", "respond-async").then().statusCode(202);
    }

    @Test
    void unknownPathIsProblemJson() {
        given().header("Authorization", "Bearer " + key).get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
