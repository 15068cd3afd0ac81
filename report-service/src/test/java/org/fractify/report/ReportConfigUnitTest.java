package org.fractify.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.fractify.report.config.ReportConfig;
import org.junit.jupiter.api.Test;

/** report-service's settings: their defaults, and the environment variables that set them. */
class ReportConfigUnitTest {

    private static SmallRyeConfig config(Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withMapping(ReportConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new EnvConfigSource(environment, 300))
                .build();
    }

    @Test
    void defaults() {
        SmallRyeConfig config = config(Map.of());
        ReportConfig report = config.getConfigMapping(ReportConfig.class);
        assertThat(report.outboxSweep()).isEqualTo(Duration.ofSeconds(2));
        assertThat(report.outboxBatch()).isEqualTo(100);
        // the sweep's @Scheduled expression reads the property itself: the mapping's default must be visible
        assertThat(config.getValue("fractify.report.outbox-sweep", String.class)).isEqualTo("2s");
    }

    @Test
    void environmentVariablesSetThem() {
        SmallRyeConfig config = config(Map.of("FRACTIFY_REPORT_OUTBOX_SWEEP", "500ms",
                "FRACTIFY_REPORT_OUTBOX_BATCH", "7"));
        ReportConfig report = config.getConfigMapping(ReportConfig.class);
        assertThat(report.outboxSweep()).isEqualTo(Duration.ofMillis(500));
        assertThat(report.outboxBatch()).isEqualTo(7);
        assertThat(config.getValue("fractify.report.outbox-sweep", String.class)).isEqualTo("500ms");
    }
}
