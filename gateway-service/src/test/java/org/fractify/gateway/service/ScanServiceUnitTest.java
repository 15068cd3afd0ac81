package org.fractify.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.kafka.common.errors.TimeoutException;
import org.fractify.contracts.Requester;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.SeriesSelection;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.gateway.imaging.ImageNormaliser;
import org.fractify.gateway.messaging.PendingReports;
import org.fractify.gateway.messaging.ScanJobPublisher;
import org.fractify.gateway.messaging.ScanJobRecord;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.junit.jupiter.api.Test;

class ScanServiceUnitTest {

    private static final Requester REQUESTER = new Requester("tenant-a", "pacs", "key_1");

    private final ObjectMapper mapper = new ObjectMapper();
    private final GatewayConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
            .withConverter(Duration.class, 200, new DurationConverter())
            .withDefaultValue("fractify.gateway.api-key-pepper", "unit-test-pepper-0123456789").build()
            .getConfigMapping(GatewayConfig.class);

    /** A publisher whose broker does not acknowledge (what Kafka reports when it cannot take the record). */
    private static final ScanJobPublisher KAFKA_DOWN = new ScanJobPublisher(null) {
        @Override
        public Uni<Void> publish(ScanJobRecord record) {
            return Uni.createFrom().failure(new TimeoutException("Topic not present in metadata after 60000 ms."));
        }
    };

    private ScanService service(JobSizer sizer, ScanJobPublisher publisher) {
        return new ScanService(new ImageNormaliser(config), sizer, publisher, new PendingReports(), null, mapper,
                config);
    }

    private static byte[] body(String patientId) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(1);
        for (int i = 0; i < 64 * 64; i++) {
            image.getRaster().setSample(i % 64, i / 64, 0, random.nextInt(256));
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return ("{\"image_base64\":\"" + Base64.getEncoder().encodeToString(png.toByteArray())
                + "\",\"modality\":\"chest_xray\",\"patient_id\":\"" + patientId + "\"}").getBytes();
    }

    private static ProblemException failure(Uni<?> submitted) {
        Throwable[] failure = new Throwable[1];
        assertThatThrownBy(() -> submitted.await().atMost(Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(ProblemException.class, p -> failure[0] = p);
        return (ProblemException) failure[0];
    }

    @Test
    void badInputFailsWithItsOwnProblem() {
        ProblemException p = failure(service(new JobSizer(config), KAFKA_DOWN)
                .submit("{not json".getBytes(), REQUESTER, true));
        assertThat(p.type()).isEqualTo(ProblemType.MALFORMED_JSON);
    }

    @Test
    void aJobKafkaDoesNotTakeIs503ServiceUnavailable() throws Exception {
        ProblemException async = failure(service(new JobSizer(config), KAFKA_DOWN)
                .submit(body("PT-1"), REQUESTER, true));
        assertThat(async.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
        ProblemException sync = failure(service(new JobSizer(config), KAFKA_DOWN)
                .submit(body("PT-1"), REQUESTER, false));
        assertThat(sync.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
    }

    @Test
    void aBugIs500InternalErrorNot503() throws Exception {
        JobSizer broken = new JobSizer(config) {
            @Override
            public ScanJobRecord fitted(ScanJob job) {
                throw new IllegalStateException("a bug that quotes " + job.patientId());
            }
        };
        ProblemException p = failure(service(broken, KAFKA_DOWN).submit(body("PT-SECRET"), REQUESTER, true));
        assertThat(p.type()).isEqualTo(ProblemType.INTERNAL_ERROR);
        assertThat(p.type().status()).isEqualTo(500);
        assertThat(p.detail()).doesNotContain("PT-SECRET");
    }

    @Test
    void aBugIsLoggedWithItsStackButWithoutMessages() {
        var cause = new IllegalArgumentException("patient PT-SECRET");
        var thrown = new IllegalStateException("clinical context: PT-SECRET", cause);
        Throwable logged = ScanService.withoutMessages(thrown);
        assertThat(logged.getMessage()).isEqualTo(IllegalStateException.class.getName());
        assertThat(logged.getStackTrace()).isEqualTo(thrown.getStackTrace());
        assertThat(logged.getCause().getMessage()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(logged.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
    }

    @Test
    void aSeriesAnswerCarriesTheGatewaysSeriesUntilTheReportHasItsOwn() {
        var series = new SeriesSelection("1.2.3", 12, "1.2.3.7", 5, "ct_brain: ...");
        ObjectNode analysis = mapper.createObjectNode().put("report_id", "rpt_x");
        ScanService.withSeries(analysis, series);
        assertThat(analysis.path("series").path("series_instance_uid").asText()).isEqualTo("1.2.3");
        assertThat(analysis.path("series").path("slices_received").asInt()).isEqualTo(12);
        assertThat(analysis.path("series").path("selected_instance_uid").asText()).isEqualTo("1.2.3.7");
        assertThat(analysis.path("series").path("selected_index").asInt()).isEqualTo(5);
        assertThat(analysis.path("series").path("rule").asText()).isEqualTo("ct_brain: ...");

        ObjectNode rendered = mapper.createObjectNode();
        rendered.putObject("series").put("selected_index", 7);
        ScanService.withSeries(rendered, series);
        assertThat(rendered.path("series").path("selected_index").asInt()).isEqualTo(7);

        ObjectNode single = mapper.createObjectNode();
        ScanService.withSeries(single, null);
        assertThat(single.has("series")).isFalse();
    }
}
