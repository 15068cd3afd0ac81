package org.fractify.inference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.Topics;
import org.fractify.testsupport.KafkaBroker;
import org.fractify.testsupport.KafkaTestResource;
import org.fractify.testsupport.KafkaTopics;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.api.Test;

/** The shipped chest_xray model, run by DJL, fed and read through real topics. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ScanJobProcessingTest {

    private static final Path DATASETS = SharedData.datasets();
    private static final Path DATASET = DATASETS.resolve("chest_xray");
    private final KafkaTopics kafka = new KafkaTopics(KafkaBroker.bootstrapServers());

    private static String valImage(String label) throws Exception {
        List<String> rows = Files.readAllLines(DATASET.resolve("labels.csv"));
        return rows.stream().skip(1).map(r -> r.split(","))
                .filter(c -> c[1].equals(label) && c[3].equals("val")).map(c -> c[0]).findFirst().orElseThrow();
    }

    /** The first validation image of a dataset (column "split" located by the header). */
    private static Path firstValImage(String dataset) throws Exception {
        List<String> rows = Files.readAllLines(DATASETS.resolve(dataset).resolve("labels.csv"));
        int split = List.of(rows.get(0).split(",")).indexOf("split");
        String file = rows.stream().skip(1).map(r -> r.split(",")).filter(c -> c.length > split && c[split].equals("val"))
                .map(c -> c[0]).findFirst().orElseThrow();
        return DATASETS.resolve(dataset).resolve(file);
    }

    private AnalysisCompleted analyse(Modality modality, byte[] png) throws Exception {
        String reportId = "rpt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ScanJob job = new ScanJob(1, UUID.randomUUID().toString(), Instant.now(), reportId, "tenant-a", "pacs", "PT-1",
                modality, null, new NormalisedImage(224, 224, Base64.getEncoder().encodeToString(png), "png", 224, 224),
                Map.of());
        kafka.send(Topics.SCAN_JOBS, reportId, EventJson.mapper().writeValueAsString(job));
        var record = kafka.awaitRecord(Topics.SCAN_ANALYSES, reportId, Duration.ofSeconds(60));
        assertThat(record.value()).doesNotContain(job.image().pngBase64().substring(0, 64));
        return EventJson.mapper().readValue(record.value(), AnalysisCompleted.class);
    }

    @Test
    void pneumoniaRadiographGetsScoresForEveryLabelAHeatmapAndNoPixelsDownstream() throws Exception {
        byte[] png = Files.readAllBytes(DATASET.resolve(valImage("pneumonia")));
        AnalysisCompleted a = analyse(Modality.CHEST_XRAY, png);
        assertThat(a.status()).isEqualTo(AnalysisCompleted.COMPLETED);
        assertThat(a.model().name()).isEqualTo("fractify-chest-xray");
        assertThat(a.scores()).containsOnlyKeys("normal", "pneumonia");
        assertThat(a.scores().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(a.heatmap()).isNotNull();
        assertThat(a.heatmap().values()).hasSize(a.heatmap().width() * a.heatmap().height());
        assertThat(a.heatmap().values()).allMatch(v -> v >= 0 && v <= 1).contains(1.0);
        assertThat(a.job().image().pngBase64()).isNull();
        assertThat(a.stagesMs()).containsKeys("queue", "infer", "explain");
        // The shipped model detects pneumonia on this radiograph: the finding must be reported, coded and urgent.
        assertThat(a.findings()).singleElement().satisfies(f -> {
            assertThat(f.condition()).isEqualTo("Pneumonia");
            assertThat(f.code().code()).isEqualTo("233604007");
            assertThat(f.urgency()).isBetween(2, 5);
        });
        assertThat(a.urgency()).isEqualTo(a.findings().get(0).urgency());
    }

    /**
     * "queue" is the wait between the gateway handing the job to Kafka and inference starting it: a job
     * accepted long before it was queued (a slow upload, a large series to decode) must not count that time
     * twice, once in the gateway's own stages and again as queue.
     */
    @Test
    void queueStageStartsWhenTheJobWasQueuedNotWhenTheScanWasAccepted() throws Exception {
        byte[] png = Files.readAllBytes(DATASET.resolve(valImage("normal")));
        String reportId = "rpt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ScanJob job = new ScanJob(1, UUID.randomUUID().toString(), Instant.now().minusSeconds(30), reportId,
                "tenant-a", "pacs", "PT-1", Modality.CHEST_XRAY, null,
                new NormalisedImage(224, 224, Base64.getEncoder().encodeToString(png), "png", 224, 224),
                Map.of("decode", 29_000L, "preprocess", 900L));
        kafka.send(Topics.SCAN_JOBS, reportId, EventJson.mapper().writeValueAsString(job));
        var record = kafka.awaitRecord(Topics.SCAN_ANALYSES, reportId, Duration.ofSeconds(60));
        AnalysisCompleted a = EventJson.mapper().readValue(record.value(), AnalysisCompleted.class);
        assertThat(a.stagesMs().get("queue")).isBetween(0L, 20_000L);
    }

    @Test
    void theGuardRefusesAnImageOfAnotherModalityNamingBoth() throws Exception {
        byte[] png = Files.readAllBytes(firstValImage("brain_mri"));
        AnalysisCompleted a = analyse(Modality.CHEST_XRAY, png);
        assertThat(a.status()).isEqualTo(AnalysisCompleted.FAILED);
        assertThat(a.failure().type()).isEqualTo("modality-mismatch");
        assertThat(a.failure().status()).isEqualTo(422);
        assertThat(a.failure().detail()).contains("chest_xray").contains("brain_mri");
    }

    @Test
    void modelCardsAreServedAndReadinessIsUp() {
        given().get("/internal/v1/models").then().statusCode(200)
                .body("find { it.modality == 'chest_xray' }.labels", org.hamcrest.Matchers.contains("normal", "pneumonia"))
                .body("find { it.role == 'guard' }.labels.size()", equalTo(7));
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** The operator's bare-scan benchmark: guard + models on given images, timed, at a concurrency. */
    @Test
    void bareScanBenchmarkTimesEveryGivenModalityAndRefusesBadInput() throws Exception {
        String chest = Base64.getEncoder().encodeToString(Files.readAllBytes(DATASET.resolve(valImage("normal"))));
        String ct = Base64.getEncoder().encodeToString(Files.readAllBytes(firstValImage("ct_brain")));
        given().contentType("application/json").body(Map.of("chest_xray", chest, "ct_brain", ct))
                .queryParam("runs", 10).queryParam("concurrency", 2)
                .post("/internal/v1/benchmark/scan").then().statusCode(200)
                .body("runs", equalTo(10)).body("concurrency", equalTo(2))
                .body("per_modality.modality", org.hamcrest.Matchers.containsInAnyOrder("chest_xray", "ct_brain"))
                .body("per_modality.scans", org.hamcrest.Matchers.contains(5, 5))
                .body("p50_ms", org.hamcrest.Matchers.greaterThan(0f))
                .body("scans_per_s", org.hamcrest.Matchers.greaterThan(0f));
        given().contentType("application/json").body(Map.of("chest_xray", "bm90IGEgcG5n"))
                .post("/internal/v1/benchmark/scan").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/json").body("{\"chest_xray\": null}")
                .post("/internal/v1/benchmark/scan").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("chest_xray"));
        given().contentType("application/json").body("[1, 2]")
                .post("/internal/v1/benchmark/scan").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("x_ray", chest))
                .post("/internal/v1/benchmark/scan").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("x_ray"));
    }
}
