package org.fractify.fhir.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.contracts.InternalHeaders;
import org.fractify.contracts.ReportId;
import org.fractify.fhir.service.ReportSource;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.renderings.Hl7Renderer;

/** A report as an HL7 v2.5.1 ORU^R01 message in ER7, for the gateway's {@code GET /api/v1/report/{id}/hl7}. */
@Path("/internal/v1/tenants/{tenantId}/reports/{reportId}/hl7")
public class Hl7Resource {

    private final ReportSource reports;
    private final Hl7Renderer renderer;

    public Hl7Resource(ReportSource reports, Hl7Renderer renderer) {
        this.reports = reports;
        this.renderer = renderer;
    }

    @GET
    @Produces({Hl7Renderer.MEDIA_TYPE, "text/plain"})
    @Operation(summary = "The report as ORU^R01 (ER7, segments separated by CR)")
    public Uni<Response> oru(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl) {
        if (!ReportId.isValid(reportId)) {
            throw new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId);
        }
        return reports.report(Requesters.of(tenantId, integration, keyId), reportId, "hl7", publicUrl)
                .map(doc -> Response.ok(renderer.oruR01(doc, Hl7Renderer.Destination.NONE),
                        Hl7Renderer.MEDIA_TYPE + ";charset=utf-8").build());
    }
}
