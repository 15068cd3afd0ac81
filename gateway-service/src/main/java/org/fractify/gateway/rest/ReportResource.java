package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.gateway.service.CurrentCaller;
import org.fractify.gateway.service.ReportReader;

/** Reports of the caller's tenant; another tenant's report is 404, never 403, so ids cannot be probed. */
@Path("/api/v1/report")
public class ReportResource {

    private final ReportReader reports;
    private final CurrentCaller caller;
    private final PublicUrls urls;

    public ReportResource(ReportReader reports, CurrentCaller caller, PublicUrls urls) {
        this.reports = reports;
        this.caller = caller;
        this.urls = urls;
    }

    @GET
    @Path("/{reportId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a report", description = "status is processing, completed or failed.")
    public Uni<ObjectNode> get(@PathParam("reportId") String reportId, @Context UriInfo uriInfo) {
        return reports.report(caller.get(), reportId).map(r -> urls.absolutise(r, uriInfo));
    }

    @GET
    @Path("/{reportId}/heatmap")
    @Produces("image/png")
    @Operation(summary = "The report's explanation heatmap", description = "A colour rendering of the class "
            + "activation map of the top label; it holds no patient pixels.")
    public Uni<byte[]> heatmap(@PathParam("reportId") String reportId) {
        return reports.heatmap(caller.get(), reportId);
    }
}
