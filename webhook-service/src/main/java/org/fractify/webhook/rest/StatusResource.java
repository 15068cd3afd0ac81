package org.fractify.webhook.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import org.fractify.webhook.service.DeliveryDispatcher;
import org.fractify.webhook.service.ReceivedReports;

/** What this instance has consumed so far: for operators and for the end-to-end test. */
@Path("/internal/v1/status")
public class StatusResource {

    private final ReceivedReports received;
    private final DeliveryDispatcher dispatcher;

    public StatusResource(ReceivedReports received, DeliveryDispatcher dispatcher) {
        this.received = received;
        this.dispatcher = dispatcher;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        Map<String, Object> status = new HashMap<>();
        status.put("report_events", received.total());
        status.put("critical_report_events", received.critical());
        status.put("last_report_id", received.lastReportId());
        status.put("deliveries_in_flight", dispatcher.inFlight());
        return status;
    }
}
