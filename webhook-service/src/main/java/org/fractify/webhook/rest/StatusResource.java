package org.fractify.webhook.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import org.fractify.webhook.service.ReceivedReports;

/** What this instance has consumed so far: for operators and for the end-to-end test. */
@Path("/internal/v1/status")
public class StatusResource {

    private final ReceivedReports received;

    public StatusResource(ReceivedReports received) {
        this.received = received;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        Map<String, Object> status = new HashMap<>();
        status.put("report_events", received.total());
        status.put("critical_report_events", received.critical());
        status.put("last_report_id", received.lastReportId());
        return status;
    }
}
