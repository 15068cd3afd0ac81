package org.fractify.fhir.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.fractify.contracts.ReportEvent;
import org.fractify.fhir.service.PushService;

/**
 * Consumes report events in its own consumer group: queues push deliveries for tenants that configured
 * them. The offset is committed only after the delivery rows are written (no patient data is logged). Each
 * event is counted in {@code fractify.report.events.consumed} (by type and criticality; /q/metrics).
 */
@ApplicationScoped
public class ReportEventConsumer {

    private final PushService push;
    private final MeterRegistry meters;

    public ReportEventConsumer(PushService push, MeterRegistry meters) {
        this.push = push;
        this.meters = meters;
    }

    @Incoming("report-events")
    public Uni<Void> onReportEvent(ReportEvent event) {
        if (event == null) {
            return Uni.createFrom().voidItem();
        }
        meters.counter("fractify.report.events.consumed", "type", String.valueOf(event.type()),
                "critical", String.valueOf(event.critical())).increment();
        Log.debugf("%s %s urgency=%d%s", event.type(), event.reportId(), event.urgency(),
                event.critical() ? " (critical)" : "");
        return push.enqueue(event)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }
}
