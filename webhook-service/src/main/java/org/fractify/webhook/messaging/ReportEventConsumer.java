package org.fractify.webhook.messaging;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.fractify.contracts.ReportEvent;
import org.fractify.webhook.service.ReceivedReports;

/**
 * Consumes report events in its own consumer group. For now it records and logs them (no patient data
 * in the log line); the full webhook feature set is tracked in its own issue.
 */
@ApplicationScoped
public class ReportEventConsumer {

    private final ReceivedReports received;

    public ReportEventConsumer(ReceivedReports received) {
        this.received = received;
    }

    @Incoming("report-events")
    public void onReportEvent(ReportEvent event) {
        if (event == null) {
            return;
        }
        received.record(event);
        Log.infof("%s %s urgency=%d%s", event.type(), event.reportId(), event.urgency(),
                event.critical() ? " (critical)" : "");
    }
}
