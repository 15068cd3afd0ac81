package org.fractify.gateway.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.fractify.contracts.ReportEvent;

/**
 * Reads every report event with a consumer group of this instance alone (see application.properties)
 * and hands it to the waits this instance holds.
 */
@ApplicationScoped
public class ReportEventListener {

    private final PendingReports pending;

    public ReportEventListener(PendingReports pending) {
        this.pending = pending;
    }

    @Incoming("report-events")
    public void onReportEvent(ReportEvent event) {
        if (event != null && event.reportId() != null) {
            pending.arrived(event);
        }
    }
}
