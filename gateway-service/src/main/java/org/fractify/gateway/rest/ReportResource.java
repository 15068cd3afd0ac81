package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.FhirServiceClient;
import org.fractify.gateway.service.Caller;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
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
    private final FhirServiceClient fhir;

    public ReportResource(ReportReader reports, CurrentCaller caller, PublicUrls urls,
            @RestClient FhirServiceClient fhir) {
        this.reports = reports;
        this.caller = caller;
        this.urls = urls;
        this.fhir = fhir;
    }

    @GET
    @Path("/{reportId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a report", description = "status is processing, completed or failed.")
    public Uni<ObjectNode> get(@PathParam("reportId") String reportId, @Context UriInfo uriInfo) {
        return reports.report(caller.get(), reportId, "json", urls.base(uriInfo).toString())
                .map(r -> urls.absolutise(r, uriInfo));
    }

    @POST
    @Path("/{reportId}/acknowledge")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge a report", description = "Idempotent; records the API key that acknowledged.")
    public Uni<ObjectNode> acknowledge(@PathParam("reportId") String reportId) {
        return reports.acknowledge(caller.get(), reportId);
    }

    @GET
    @Path("/{reportId}/hl7")
    @Produces({"application/hl7-v2", MediaType.TEXT_PLAIN})
    @Operation(summary = "The report as an HL7 v2.5.1 ORU^R01 message (ER7)")
    public Uni<Response> hl7(@PathParam("reportId") String reportId, @Context UriInfo uriInfo) {
        Caller c = caller.get();
        if (!reportId.matches("rpt_[a-z0-9]{1,40}")) {
            throw new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId);
        }
        return fhir.hl7(c.tenantId(), reportId, c.integration(), c.keyId(), urls.base(uriInfo).toString())
                .map(FhirProxyResource::copy)
                .onFailure().transform(t -> {
                    io.quarkus.logging.Log.errorf("fhir-service call failed: %s", t.toString());
                    return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                            "The HL7 rendering is unavailable; retry later");
                });
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
