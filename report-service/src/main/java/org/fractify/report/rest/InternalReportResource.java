package org.fractify.report.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.InternalHeaders;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.report.mapping.HeatmapRenderer;
import org.fractify.report.mapping.ReportMapper;
import org.fractify.report.persistence.Report;
import org.fractify.report.service.Reader;
import org.fractify.report.service.ReportReads;

/**
 * Internal API for the gateway and fhir-service, which have already authenticated the caller and name its
 * tenant in the path and its identity in {@link InternalHeaders}. A report of another tenant is
 * indistinguishable from a missing one. Every read is recorded for the audit trail.
 */
@Path("/internal/v1/tenants/{tenantId}/reports")
public class InternalReportResource {

    private static final int HEATMAP_SIZE = 224;
    private static final int MAX_SEARCH = 100;

    private final ReportReads reads;
    private final ReportMapper mapper;
    private final ObjectMapper json;

    public InternalReportResource(ReportReads reads, ReportMapper mapper, ObjectMapper json) {
        this.reads = reads;
        this.mapper = mapper;
        this.json = json;
    }

    @GET
    @Path("/{reportId}")
    @Produces(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "A report of the tenant (the read is audited)")
    public Uni<ObjectNode> get(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.REPRESENTATION) String representation,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl) {
        return reads.read(tenantId, reportId, new Reader(integration, keyId), representation(representation, "json"))
                .map(r -> mapper.toJson(r, publicUrl));
    }

    @GET
    @Path("/{reportId}/heatmap.png")
    @Produces("image/png")
    @WithTransaction
    @Operation(summary = "The report's CAM heatmap as a PNG (the read is audited)")
    public Uni<byte[]> heatmap(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId) {
        return reads.read(tenantId, reportId, new Reader(integration, keyId), "heatmap").map(r -> {
            AnalysisCompleted a = mapper.analysis(r);
            if (a == null || a.heatmap() == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "Report " + reportId + " has no heatmap (yet)");
            }
            return HeatmapRenderer.png(a.heatmap(), HEATMAP_SIZE);
        });
    }

    @POST
    @Path("/{reportId}/acknowledge")
    @Produces(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Acknowledge a report (idempotent); records the API key that did")
    public Uni<ObjectNode> acknowledge(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId) {
        return reads.acknowledge(tenantId, reportId, new Reader(integration, keyId)).map(this::acknowledgement);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "A patient's reports in a created_at range, newest first (each read is audited)")
    public Uni<ObjectNode> search(@PathParam("tenantId") String tenantId, @QueryParam("patient_id") String patientId,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") Integer limit,
            @HeaderParam(InternalHeaders.INTEGRATION) String integration, @HeaderParam(InternalHeaders.KEY_ID) String keyId,
            @HeaderParam(InternalHeaders.REPRESENTATION) String representation,
            @HeaderParam(InternalHeaders.PUBLIC_URL) String publicUrl) {
        if (patientId == null || patientId.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "patient_id is required");
        }
        int size = limit == null ? 20 : Math.max(1, Math.min(MAX_SEARCH, limit));
        return reads.search(tenantId, patientId, instant("from", from), instant("to", to), size,
                new Reader(integration, keyId), representation(representation, "search")).map(reports -> {
                    ObjectNode out = json.createObjectNode();
                    ArrayNode items = out.putArray("items");
                    reports.forEach(r -> items.add(mapper.toJson(r, publicUrl)));
                    return out;
                });
    }

    private ObjectNode acknowledgement(Report r) {
        ObjectNode n = json.createObjectNode();
        n.put("report_id", r.reportId);
        n.put("status", r.status);
        n.put("acknowledged", true);
        n.put("acknowledged_at", r.acknowledgedAt.toString());
        n.putObject("acknowledged_by").put("integration", r.acknowledgedByIntegration).put("key_id", r.acknowledgedByKeyId);
        return n;
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
