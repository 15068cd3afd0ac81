package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.gateway.service.CurrentRequester;
import org.fractify.gateway.service.FhirService;
import org.fractify.gateway.service.ReportReader;

/** Reports of the requester's tenant; another tenant's report is 404, never 403, so ids cannot be probed. */
@Path("/api/v1/report")
public class ReportResource {

    private final ReportReader reports;
    private final FhirService fhir;
    private final CurrentRequester requester;
    private final PublicUrls urls;

    public ReportResource(ReportReader reports, FhirService fhir, CurrentRequester requester, PublicUrls urls) {
        this.reports = reports;
        this.fhir = fhir;
        this.requester = requester;
        this.urls = urls;
    }

    @GET
    @Path("/{reportId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a report", description = "status is processing, completed or failed.")
    public Uni<ObjectNode> get(@PathParam("reportId") String reportId, @Context UriInfo uriInfo) {
        return reports.report(requester.get(), reportId, "json", urls.base(uriInfo).toString())
                .map(r -> urls.absolutise(r, uriInfo));
    }

    @POST
    @Path("/{reportId}/acknowledge")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge a report", description = "Idempotent; records the API key that acknowledged.")
    public Uni<ObjectNode> acknowledge(@PathParam("reportId") String reportId) {
        return reports.acknowledge(requester.get(), reportId);
    }

    @GET
    @Path("/{reportId}/hl7")
    @Produces({"application/hl7-v2", MediaType.TEXT_PLAIN})
    @Operation(summary = "The report as an HL7 v2.5.1 ORU^R01 message (ER7)")
    public Uni<Response> hl7(@PathParam("reportId") String reportId, @Context UriInfo uriInfo) {
        return fhir.hl7(requester.get(), reportId, urls.base(uriInfo).toString()).map(FhirProxyResource::response);
    }

    @GET
    @Path("/{reportId}/heatmap")
    @Produces("image/png")
    @Operation(summary = "The report's explanation heatmap", description = "A colour rendering of the class "
            + "activation map of the top label; it holds no patient pixels.")
    public Uni<byte[]> heatmap(@PathParam("reportId") String reportId) {
        return reports.heatmap(requester.get(), reportId);
    }
}
