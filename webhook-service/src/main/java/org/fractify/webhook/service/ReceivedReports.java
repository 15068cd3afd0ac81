package org.fractify.webhook.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.fractify.contracts.ReportEvent;

/** Counts of the report events this instance has consumed, exposed on /internal/v1/status. */
@ApplicationScoped
public class ReceivedReports {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong critical = new AtomicLong();
    private volatile String lastReportId;

    public void record(ReportEvent event) {
        total.incrementAndGet();
        if (event.critical()) {
            critical.incrementAndGet();
        }
        lastReportId = event.reportId();
    }

    public long total() {
        return total.get();
    }

    public long critical() {
        return critical.get();
    }

    public String lastReportId() {
        return lastReportId;
    }
}
