package org.fractify.fhir.messaging;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.fractify.contracts.ReportEvent;
import org.fractify.fhir.service.PushService;
import org.fractify.fhir.service.ReceivedReports;

/**
 * Consumes report events in its own consumer group: queues push deliveries for tenants that configured
 * them. The offset is committed only after the delivery rows are written (no patient data is logged).
 */
@ApplicationScoped
public class ReportEventConsumer {

    private final ReceivedReports received;
    private final PushService push;

    public ReportEventConsumer(ReceivedReports received, PushService push) {
        this.received = received;
        this.push = push;
    }

    @Incoming("report-events")
    public Uni<Void> onReportEvent(ReportEvent event) {
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        received.record(event);
        Log.debugf("%s %s urgency=%d%s", event.type(), event.reportId(), event.urgency(),
                event.critical() ? " (critical)" : "");
        return push.enqueue(event)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }
}
