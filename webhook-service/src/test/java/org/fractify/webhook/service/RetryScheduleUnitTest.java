package org.fractify.webhook.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleUnitTest {

    private static final List<Duration> DEFAULT = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1));

    private static RetrySchedule schedule(double random) {
        return new RetrySchedule(DEFAULT, Duration.ofHours(2), Duration.ofHours(24), 0.2, () -> random);
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
