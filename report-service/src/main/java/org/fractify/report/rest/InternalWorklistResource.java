package org.fractify.report.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.report.mapping.WorklistPage;
import org.fractify.report.service.WorklistService;

/** The tenant's triage worklist for the gateway; one indexed query per page. */
@Path("/internal/v1/tenants/{tenantId}/worklist")
public class InternalWorklistResource {

    private final WorklistService worklist;

    public InternalWorklistResource(WorklistService worklist) {
        this.worklist = worklist;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reports by urgency (5 first), then oldest first; keyset-paginated")
    public Uni<WorklistPage> page(@PathParam("tenantId") String tenantId, @QueryParam("modality") String modality,
            @QueryParam("urgency_min") Integer urgencyMin, @QueryParam("urgency_max") Integer urgencyMax,
            @QueryParam("status") String status, @QueryParam("acknowledged") Boolean acknowledged,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        return worklist.page(tenantId, new WorklistService.Filters(modality, urgencyMin, urgencyMax, status,
                acknowledged, from, to, cursor, limit));
    }
}
