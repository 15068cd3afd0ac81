package org.fractify.fhir.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** fhir-service settings; each maps from an environment variable (see README.md). */
@ConfigMapping(prefix = "fractify.fhir")
public interface FhirConfig {

    /** The gateway's public base URL, for links in pushed resources (FRACTIFY_GATEWAY_PUBLIC_URL). */
    @WithDefault("http://127.0.0.1:8080")
    String publicUrl();

    /** Push to tenants' FHIR servers and MLLP listeners. */
    Push push();

    /** Delivery of pushed reports. */
    interface Push {
        /** How often due deliveries are looked for (FRACTIFY_FHIR_PUSH_POLL). */
        @WithDefault("1s")
        Duration poll();

        /** Attempts before a delivery is given up as failed (FRACTIFY_FHIR_PUSH_MAX_ATTEMPTS). */
        @WithDefault("12")
        int maxAttempts();

        /** Delay before the first retry; doubled each attempt (FRACTIFY_FHIR_PUSH_BACKOFF_BASE). */
        @WithDefault("5s")
        Duration backoffBase();

        /** Longest delay between attempts (FRACTIFY_FHIR_PUSH_BACKOFF_MAX). */
        @WithDefault("1h")
        Duration backoffMax();

        /** Timeout of one HTTP or MLLP exchange with a tenant's system. */
        @WithDefault("10s")
        Duration timeout();

        /** How long a claimed delivery is reserved before another instance may retry it (a crashed sender). */
        @WithDefault("2m")
        Duration lease();
    }
}
