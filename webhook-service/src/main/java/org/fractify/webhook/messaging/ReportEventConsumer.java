package org.fractify.webhook.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.fractify.contracts.ReportEvent;
import org.fractify.webhook.service.DeliveryDispatcher;
import org.fractify.webhook.service.DeliveryPlanner;
import org.fractify.webhook.service.ReceivedReports;

/**
 * Consumes report events in group fractify-webhook-service. Each event becomes its deliveries in one
 * transaction (with its id, for idempotency); the offset is committed only after that, and the lanes
 * that got work are woken at once, so a critical delivery starts within milliseconds of the commit.
 * A database outage is retried with backoff (the partition waits, nothing is skipped); if it lasts,
 * the channel fails, health goes down and the uncommitted event is consumed again after a restart.
 */
@ApplicationScoped
public class ReportEventConsumer {

    private final ReceivedReports received;
    private final DeliveryPlanner planner;
    private final DeliveryDispatcher dispatcher;

    public ReportEventConsumer(ReceivedReports received, DeliveryPlanner planner, DeliveryDispatcher dispatcher) {
        this.received = received;
        this.planner = planner;
        this.dispatcher = dispatcher;
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
                    received.record(event);
                    lanes.forEach(dispatcher::wake);
                    Log.debugf("%s %s urgency=%d%s: %s", event.type(), event.reportId(), event.urgency(),
                            event.critical() ? " (critical)" : "", lanes);
                })
                .replaceWithVoid();
    }
}
