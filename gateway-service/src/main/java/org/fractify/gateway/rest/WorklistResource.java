package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.WorklistClient;
import org.fractify.gateway.service.CurrentCaller;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** GET /api/v1/worklist: the tenant's reports by urgency (5 first), then oldest first. */
@Path("/api/v1/worklist")
public class WorklistResource {

    private final WorklistClient worklist;
    private final CurrentCaller caller;
    private final PublicUrls urls;

    public WorklistResource(@RestClient WorklistClient worklist, CurrentCaller caller, PublicUrls urls) {
        this.worklist = worklist;
        this.caller = caller;
        this.urls = urls;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> page(@QueryParam("modality") String modality, @QueryParam("urgency_min") Integer urgencyMin,
            @QueryParam("urgency_max") Integer urgencyMax, @QueryParam("status") String status,
            @QueryParam("acknowledged") Boolean acknowledged, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
            @Context UriInfo uriInfo) {
        return worklist.page(caller.get().tenantId(), modality, urgencyMin, urgencyMax, status, acknowledged, from, to,
                        cursor, limit)
                .map(page -> {
                    page.path("items").forEach(item -> ((ObjectNode) item).put("report_url",
                            urls.report(uriInfo, item.path("report_id").asText()).toString()));
                    return page;
                })
                .onFailure(t -> !(t instanceof ProblemException)).transform(t -> {
                    io.quarkus.logging.Log.errorf("report-service call failed: %s", t.toString());
                    return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                            "The report store is unavailable; retry later");
                });
    }
}
