package org.fractify.webhook.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.fractify.webhook.config.WebhookConfig;

/**
 * When a failed delivery is tried again. The n-th retry waits the n-th delay of the schedule (default
 * 5 s, 30 s, 2 min, 10 min, 30 min, 1 h), then {@code then-every} (default 2 h), each multiplied by a
 * random factor in [1 - jitter, 1 + jitter] (default 0.2) so that receivers recovering from an outage
 * are not hit by every retry at once. A receiver's Retry-After (429, 503) is honoured: the retry is not
 * earlier than it asks. Once the next try would fall after the delivery's deadline (the event's time
 * plus the horizon, default 24 h) the delivery is dead-lettered instead.
 */
@ApplicationScoped
public class RetrySchedule {

    private final List<Duration> schedule;
    private final Duration thenEvery;
    private final Duration horizon;
    private final double jitter;
    private final DoubleSupplier random;

    @Inject
    public RetrySchedule(WebhookConfig config) {
        this(config.retry(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The configured policy with {@code random} (in [0, 1)) drawing the jitter. */
    public RetrySchedule(WebhookConfig.Retry retry, DoubleSupplier random) {
        this(retry.schedule(), retry.thenEvery(), retry.horizon(), retry.jitter(), random);
    }

    public RetrySchedule(List<Duration> schedule, Duration thenEvery, Duration horizon, double jitter, DoubleSupplier random) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("retry jitter must be in [0, 1)");
        }
        this.schedule = List.copyOf(schedule);
        this.thenEvery = thenEvery;
        this.horizon = horizon;
        this.jitter = jitter;
        this.random = random;
    }

    public Duration horizon() {
        return horizon;
    }

    /** The delay before retry number {@code retry} (1-based), before jitter. */
    public Duration baseDelay(int retry) {
        return retry <= schedule.size() ? schedule.get(retry - 1) : thenEvery;
    }

    /** The delay before retry number {@code retry}, jittered. */
    public Duration delay(int retry) {
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(baseDelay(retry).toMillis() * factor));
    }

    /**
     * When retry number {@code retry} happens, or empty when it would fall after {@code deadline}
     * (the delivery is then dead-lettered).
     */
    public Optional<Instant> next(int retry, Instant now, Instant deadline, Optional<Duration> retryAfter) {
        Duration wait = delay(retry);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get();
        }
        Instant at = now.plus(wait);
        return at.isAfter(deadline) ? Optional.empty() : Optional.of(at);
    }
}
