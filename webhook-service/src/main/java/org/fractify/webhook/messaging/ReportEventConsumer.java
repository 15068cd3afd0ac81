package org.fractify.webhook.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.fractify.contracts.ReportEvent;
import org.fractify.webhook.service.DeliveryDispatcher;
import org.fractify.webhook.service.DeliveryPlanner;

/**
 * Consumes report events in group fractify-webhook-service. Each event becomes its deliveries in one
 * transaction (with its id, for idempotency); the offset is committed only after that, and the lanes
 * that got work are woken at once, so a critical delivery starts within milliseconds of the commit.
 * A database outage is retried with backoff (the partition waits, nothing is skipped); if it lasts,
 * the channel fails, health goes down and the uncommitted event is consumed again after a restart.
 * Each planned event is counted in {@code fractify.report.events.consumed} (by type and criticality; /q/metrics).
 */
@ApplicationScoped
public class ReportEventConsumer {

    private final DeliveryPlanner planner;
    private final DeliveryDispatcher dispatcher;
    private final MeterRegistry meters;

    public ReportEventConsumer(DeliveryPlanner planner, DeliveryDispatcher dispatcher, MeterRegistry meters) {
        this.planner = planner;
        this.dispatcher = dispatcher;
        this.meters = meters;
    }

    @Incoming("report-events")
    public Uni<Void> onReportEvent(ReportEvent event) {
        if (event == null) {
            return Uni.createFrom().voidItem(); // unreadable record, logged by the deserialiser
        }
        return planner.plan(event)
                .onFailure().invoke(t -> Log.warnf("planning deliveries of report event %s failed, retrying: %s",
                        event.eventId(), t.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(20)
                .invoke(lanes -> {
                    meters.counter("fractify.report.events.consumed", "type", String.valueOf(event.type()),
                            "critical", String.valueOf(event.critical())).increment();
                    lanes.forEach(dispatcher::wake);
                    Log.debugf("%s %s urgency=%d%s: %s", event.type(), event.reportId(), event.urgency(),
                            event.critical() ? " (critical)" : "", lanes);
                })
                .replaceWithVoid();
    }
}
