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
import org.fractify.gateway.service.CurrentRequester;
import org.fractify.gateway.service.WorklistService;

/** GET /api/v1/worklist: the tenant's reports by urgency (5 first), then oldest first. */
@Path("/api/v1/worklist")
public class WorklistResource {

    private final WorklistService worklist;
    private final CurrentRequester requester;
    private final PublicUrls urls;

    public WorklistResource(WorklistService worklist, CurrentRequester requester, PublicUrls urls) {
        this.worklist = worklist;
        this.requester = requester;
        this.urls = urls;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> page(@QueryParam("modality") String modality, @QueryParam("urgency_min") Integer urgencyMin,
            @QueryParam("urgency_max") Integer urgencyMax, @QueryParam("status") String status,
            @QueryParam("acknowledged") Boolean acknowledged, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
            @Context UriInfo uriInfo) {
        var query = new WorklistService.Query(modality, urgencyMin, urgencyMax, status, acknowledged, from, to, cursor,
                limit);
        return worklist.page(requester.get(), query).map(page -> {
            page.path("items").forEach(item -> ((ObjectNode) item).put("report_url",
                    urls.report(uriInfo, item.path("report_id").asText()).toString()));
            return page;
        });
    }
}
