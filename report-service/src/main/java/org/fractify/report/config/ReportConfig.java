package org.fractify.report.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** report-service settings; each maps from an environment variable FRACTIFY_REPORT_*. */
@ConfigMapping(prefix = "fractify.report")
public interface ReportConfig {

    /**
     * How often the outbox sweep publishes rows a failed flush left behind (FRACTIFY_REPORT_OUTBOX_SWEEP). Read
     * by the sweep's {@code @Scheduled} expression, which sees this default too.
     */
    @WithDefault("2s")
    Duration outboxSweep();

    /** Outbox rows one flush locks and publishes in its transaction (FRACTIFY_REPORT_OUTBOX_BATCH). */
    @WithDefault("100")
    int outboxBatch();
}
