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
import org.junit.jupiter.api.Test;

/** The shipped chest_xray model, run by DJL, fed and read through real topics. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ScanJobProcessingTest {

    private static final Path DATASET = Path.of("../../shared/datasets/chest_xray");
    private final KafkaTopics kafka = new KafkaTopics(KafkaBroker.bootstrapServers());

    private static String valImage(String label) throws Exception {
        List<String> rows = Files.readAllLines(DATASET.resolve("labels.csv"));
        return rows.stream().skip(1).map(r -> r.split(","))
                .filter(c -> c[1].equals(label) && c[3].equals("val")).map(c -> c[0]).findFirst().orElseThrow();
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
        if (a.findings().isEmpty()) {
            assertThat(a.urgency()).isEqualTo(1);
        } else {
            assertThat(a.findings().get(0).code().code()).isEqualTo("233604007");
            assertThat(a.urgency()).isBetween(2, 5);
        }
    }

    @Test
    void modalityWithoutAModelFailsWithANamedProblem() throws Exception {
        byte[] png = Files.readAllBytes(DATASET.resolve(valImage("normal")));
        AnalysisCompleted a = analyse(Modality.DENTAL, png);
        assertThat(a.status()).isEqualTo(AnalysisCompleted.FAILED);
        assertThat(a.failure().type()).isEqualTo("modality-unavailable");
        assertThat(a.failure().status()).isEqualTo(422);
        assertThat(a.failure().detail()).contains("dental");
    }

    @Test
    void modelCardsAreServedAndReadinessIsUp() {
        given().get("/internal/v1/models").then().statusCode(200)
                .body("[0].modality", equalTo("chest_xray"))
                .body("[0].labels[1]", equalTo("pneumonia"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
