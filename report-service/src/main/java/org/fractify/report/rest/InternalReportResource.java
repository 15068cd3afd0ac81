package org.fractify.report.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.contracts.InternalHeaders;
import org.fractify.contracts.Requester;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.report.mapping.Acknowledgement;
import org.fractify.report.mapping.ReportList;
import org.fractify.report.mapping.ReportView;
import org.fractify.report.service.ReportReads;

/**
 * Internal API for the gateway and fhir-service, which have already authenticated the caller and name its
 * tenant in the path and its identity in {@link InternalHeaders}. Every read is recorded for the audit trail.
 */
@Path("/internal/v1/tenants/{tenantId}/reports")
public class InternalReportResource {

    private static final int MAX_SEARCH = 100;

    private final ReportReads reads;

    public InternalReportResource(ReportReads reads) {
        this.reads = reads;
    }

    @GET
    @Path("/{reportId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A report of the tenant (the read is audited)")
    public Uni<ReportView> get(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.REPRESENTATION) String representation,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl) {
        return reads.report(requester(tenantId, integration, keyId), reportId, representation(representation, "json"),
                publicUrl);
    }

    @GET
    @Path("/{reportId}/heatmap.png")
    @Produces("image/png")
    @Operation(summary = "The report's CAM heatmap as a PNG (the read is audited)")
    public Uni<byte[]> heatmap(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId) {
        return reads.heatmap(requester(tenantId, integration, keyId), reportId);
    }

    @POST
    @Path("/{reportId}/acknowledge")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge a report (idempotent); records the API key that did")
    public Uni<Acknowledgement> acknowledge(@PathParam("tenantId") String tenantId,
            @PathParam("reportId") String reportId, @HeaderParam(InternalHeaders.INTEGRATION) String integration,
            @HeaderParam(InternalHeaders.KEY_ID) String keyId) {
        return reads.acknowledge(requester(tenantId, integration, keyId), reportId);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A patient's reports in a created_at range, newest first (each read is audited)")
    public Uni<ReportList> search(@PathParam("tenantId") String tenantId, @QueryParam("patient_id") String patientId,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") Integer limit,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.REPRESENTATION) String representation,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl) {
        if (patientId == null || patientId.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "patient_id is required");
        }
        Requester requester = requester(tenantId, integration, keyId);
        int size = limit == null ? 20 : Math.max(1, Math.min(MAX_SEARCH, limit));
        return reads.search(requester, patientId, instant("from", from), instant("to", to), size,
                representation(representation, "search"), publicUrl);
    }

    /**
     * Who asks: the path's tenant and the caller the gateway (or a service acting on its own) names. Every read
     * is audited with its integration, so a request that names none is refused.
     */
    private static Requester requester(String tenantId, String integration, String keyId) {
        if (integration == null || integration.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    InternalHeaders.INTEGRATION + " is required: every read is audited with the caller's integration");
        }
        return new Requester(tenantId, integration, keyId);
    }

    private static String representation(String given, String fallback) {
        return given == null || !given.matches("[a-z0-9-]{1,32}") ? fallback : given;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, name + " must be an ISO-8601 instant");
        }
    }
}
