package org.fractify.webhook.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fractify.webhook.config.WebhookConfig;
import org.junit.jupiter.api.Test;

/** The retry policy the service ships: WebhookConfig's defaults as application.properties leaves them. */
class RetryScheduleUnitTest {

    /** The production configuration: the mapping's defaults and application.properties, no profile, no environment. */
    private static final WebhookConfig SHIPPED = shipped();

    private static WebhookConfig shipped() {
        try {
            PropertiesConfigSource properties = new PropertiesConfigSource(
                    RetryScheduleUnitTest.class.getResource("/application.properties"));
            return new SmallRyeConfigBuilder()
                    .withSources(properties)
                    .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "5s", "2m", "1h"
                    .withMapping(WebhookConfig.class)
                    .build()
                    .getConfigMapping(WebhookConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RetrySchedule schedule(double random) {
        return new RetrySchedule(SHIPPED.retry(), () -> random);
    }

    @Test
    void defaultScheduleGivesEighteenAttemptsWithinTwentyFourHours() {
        RetrySchedule s = schedule(0.5); // factor 1: no jitter
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant deadline = t0.plus(s.horizon());
        List<Instant> attempts = new ArrayList<>(List.of(t0));
        Optional<Instant> next = s.next(1, t0, deadline, Optional.empty());
        while (next.isPresent()) {
            attempts.add(next.get());
            next = s.next(attempts.size(), next.get(), deadline, Optional.empty());
        }
        assertThat(attempts).hasSize(18);
        assertThat(Duration.between(t0, attempts.get(1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(Duration.between(t0, attempts.get(6))).isEqualTo(Duration.parse("PT1H42M35S"));
        assertThat(Duration.between(attempts.get(6), attempts.get(7))).isEqualTo(Duration.ofHours(2));
        assertThat(attempts.get(17)).isBefore(deadline);
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertThat(schedule(0.0).delay(2)).isEqualTo(Duration.ofSeconds(24));
        assertThat(schedule(0.999999).delay(2)).isBetween(Duration.ofMillis(35_999), Duration.ofSeconds(36));
        assertThat(schedule(0.5).delay(40)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void retryAfterIsHonouredButNeverShortensTheSchedule() {
        RetrySchedule s = schedule(0.5);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Instant deadline = now.plus(Duration.ofHours(24));
        assertThat(s.next(1, now, deadline, Optional.of(Duration.ofSeconds(60)))).contains(now.plusSeconds(60));
        assertThat(s.next(1, now, deadline, Optional.of(Duration.ofSeconds(1)))).contains(now.plusSeconds(5));
        assertThat(s.next(1, now, now.plusSeconds(4), Optional.empty())).isEmpty();
        assertThat(s.next(1, now, deadline, Optional.of(Duration.ofHours(30)))).isEmpty();
    }
}
