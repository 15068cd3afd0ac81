package org.fractify.webhook.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fractify.webhook.client.EndpointGuard;
import org.fractify.webhook.client.WebhookSender;
import org.fractify.webhook.config.WebhookConfig;
import org.fractify.webhook.domain.WebhookEvent.Lane;
import org.fractify.webhook.persistence.Delivery;
import org.fractify.webhook.persistence.DeliveryQueue;
import org.fractify.webhook.persistence.DeliveryQueue.Claimed;
import org.fractify.webhook.persistence.DeliveryQueue.Outcome;

/**
 * Runs the delivery workers: one lane for analysis.complete and one for analysis.critical (and test
 * events), each with its own claim loop, its own concurrency budget and its own HTTP connection pools,
 * so a backlog of complete deliveries or a slow receiver never delays a critical one. A lane claims
 * due deliveries when woken (right after the consumer commits new deliveries, after each finished
 * attempt) and on a timer (retries, other replicas' rows). All state that matters is in the database:
 * a restart resumes from it.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final String USER_AGENT = "Fractify-Webhooks/0.1 (+https://fractify.org)";

    private final DeliveryQueue queue;
    private final SecretCipher cipher;
    private final RetrySchedule retry;
    private final EndpointGuard guard;
    private final WebhookConfig config;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Map<Lane, LaneWorker> lanes = new EnumMap<>(Lane.class);
    private final List<Long> timers = new ArrayList<>();
    private volatile boolean running;

    public DeliveryDispatcher(DeliveryQueue queue, SecretCipher cipher, RetrySchedule retry, EndpointGuard guard,
            WebhookConfig config, Vertx vertx, MeterRegistry meters) {
        this.queue = queue;
        this.cipher = cipher;
        this.retry = retry;
        this.guard = guard;
        this.config = config;
        this.vertx = vertx;
        this.meters = meters;
    }

    void start(@Observes StartupEvent ignored) {
        WebhookConfig.Delivery d = config.delivery();
        lanes.put(Lane.COMPLETE, new LaneWorker(Lane.COMPLETE, d.laneConcurrency(), d.perEndpointConcurrency()));
        lanes.put(Lane.CRITICAL, new LaneWorker(Lane.CRITICAL, d.criticalLaneConcurrency(),
                d.criticalPerEndpointConcurrency()));
        running = true;
        timers.add(vertx.setPeriodic(d.pollInterval().toMillis(), id -> wakeAll()));
        timers.add(vertx.setPeriodic(d.sweepInterval().toMillis(), id -> sweep()));
        wakeAll();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        timers.forEach(vertx::cancelTimer);
        lanes.values().forEach(l -> l.sender.close().subscribe().with(v -> { }, t -> { }));
    }

    /** Makes a lane look for due deliveries now. */
    public void wake(Lane lane) {
        LaneWorker worker = lanes.get(lane);
        if (worker != null) {
            worker.wake();
        }
    }

    public void wakeAll() {
        lanes.values().forEach(LaneWorker::wake);
    }

    private void sweep() {
        queue.expire()
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("dead-lettered %d deliveries whose retry horizon passed untried", n);
                    }
                })
                .flatMap(n -> queue.purgeDelivered(Instant.now().minus(config.retention())))
                .subscribe().with(n -> { }, t -> Log.warnf("delivery sweep failed, will retry: %s", t.toString()));
    }

    /** The lease must outlive the slowest attempt (every hop timing out), so a live attempt is never taken twice. */
    private Duration lease() {
        WebhookConfig.Delivery d = config.delivery();
        return d.timeout().plus(d.connectTimeout()).multipliedBy(1L + d.followRedirects()).plusSeconds(5);
    }

    /** One lane's claim loop and in-flight budget. */
    private final class LaneWorker {
        private final Lane lane;
        private final int capacity;
        private final int perEndpoint;
        private final WebhookSender sender;
        private final Timer lag;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicBoolean claiming = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();

        LaneWorker(Lane lane, int capacity, int perEndpoint) {
            this.lane = lane;
            this.capacity = capacity;
            this.perEndpoint = perEndpoint;
            WebhookConfig.Delivery d = config.delivery();
            this.sender = new WebhookSender(vertx, guard, new WebhookSender.Settings(d.timeout(), d.connectTimeout(),
                    perEndpoint, d.followRedirects(), USER_AGENT));
            this.lag = Timer.builder("fractify.webhook.first.attempt.lag")
                    .description("From the analysis completing to the first delivery attempt")
                    .tag("lane", lane.dbName()).publishPercentiles(0.5, 0.95, 0.99).register(meters);
            Gauge.builder("fractify.webhook.deliveries.in.flight", inFlight, AtomicInteger::get)
                    .description("Deliveries being attempted by this instance").tag("lane", lane.dbName())
                    .register(meters);
        }

        void wake() {
            if (!running) {
                return;
            }
            again.set(true);
            if (claiming.compareAndSet(false, true)) {
                claim();
            }
        }

        private void claim() {
            again.set(false);
            int free = capacity - inFlight.get();
            if (free <= 0) {
                claiming.set(false); // a finishing attempt wakes the lane again
                return;
            }
            queue.claim(lane.dbName(), free, perEndpoint, config.circuit().failureThreshold(), lease())
                    .subscribe().with(claimed -> {
                        inFlight.addAndGet(claimed.size());
                        claimed.forEach(this::deliver);
                        claiming.set(false);
                        if (claimed.size() == free || again.get()) {
                            wake();
                        }
                    }, failure -> {
                        claiming.set(false);
                        Log.warnf("claiming %s deliveries failed, will retry: %s", lane.dbName(), failure.toString());
                    });
        }

        private void deliver(Claimed d) {
            attempt(d).subscribe().with(v -> finished(), failure -> {
                Log.errorf("delivery %s could not be recorded, its lease will expire and it will be retried: %s",
                        d.id(), failure.toString());
                finished();
            });
        }

        private void finished() {
            inFlight.decrementAndGet();
            wake();
        }

        private Uni<Void> attempt(Claimed d) {
            Instant started = Instant.now();
            if (d.attempts() == 0) {
                lag.record(Duration.between(d.eventAt(), started));
            }
            List<String> secrets;
            try {
                secrets = secrets(d, started);
            } catch (RuntimeException e) {
                // our configuration, not the receiver: retried, and not held against the endpoint
                Log.errorf("delivery %s: %s", d.id(), e.getMessage());
                return record(d, new WebhookSender.Result(WebhookSender.Kind.RETRY, null, 0,
                        "signing secret unavailable on the sender", Optional.empty()), started, false);
            }
            return sender.send(d.url(), d.messageId(), d.payload(), secrets)
                    .flatMap(result -> record(d, result, started, true));
        }

        private Uni<Void> record(Claimed d, WebhookSender.Result r, Instant started, boolean receiverFault) {
            Outcome outcome = decide(d, r, started, receiverFault);
            if (!Delivery.PENDING.equals(outcome.status()) && !Delivery.DELIVERED.equals(outcome.status())) {
                Log.warnf("delivery %s of subscription %s dead-lettered after %d attempts: %s", d.id(),
                        d.subscriptionId(), d.attempts() + 1, r.error());
            }
            WebhookConfig.Circuit c = config.circuit();
            return queue.record(d, outcome, c.failureThreshold(), c.pause(), c.maxPause());
        }
    }

    private Outcome decide(Claimed d, WebhookSender.Result r, Instant started, boolean receiverFault) {
        Integer code = r.statusCode();
        int latency = (int) Math.min(Integer.MAX_VALUE, r.latencyMs());
        return switch (r.kind()) {
            case DELIVERED -> new Outcome(Delivery.DELIVERED, d.retries(), started, started, code, latency, null, false);
            case GIVE_UP -> new Outcome(Delivery.DEAD_LETTER, d.retries(), started, started, code, latency, r.error(), true);
            case RETRY -> {
                int next = d.retries() + 1;
                Optional<Instant> at = retry.next(next, Instant.now(), d.deadlineAt(), r.retryAfter());
                yield at.map(t -> new Outcome(Delivery.PENDING, next, t, started, code, latency, r.error(), receiverFault))
                        .orElseGet(() -> new Outcome(Delivery.DEAD_LETTER, next, started, started, code, latency,
                                r.error() + " (last attempt: retry horizon reached)", receiverFault));
            }
        };
    }

    /** The current secret, and the previous one while its grace period lasts. */
    private List<String> secrets(Claimed d, Instant now) {
        List<String> out = new ArrayList<>(2);
        out.add(cipher.decrypt(d.subscriptionId(), d.secretEnc()));
        if (d.previousSecretEnc() != null && d.previousSecretExpiresAt() != null && d.previousSecretExpiresAt().isAfter(now)) {
            out.add(cipher.decrypt(d.subscriptionId(), d.previousSecretEnc()));
        }
        return out;
    }
}
