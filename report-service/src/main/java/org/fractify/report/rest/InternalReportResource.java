package org.fractify.report.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.report.mapping.HeatmapRenderer;
import org.fractify.report.mapping.ReportMapper;
import org.fractify.report.persistence.Report;
import org.fractify.report.persistence.ReportRepository;

/**
 * Internal API for the gateway, which has already authenticated the caller and names its tenant.
 * A report of another tenant is indistinguishable from a missing one.
 */
@Path("/internal/v1/tenants/{tenantId}/reports")
public class InternalReportResource {

    private static final int HEATMAP_SIZE = 224;

    private final ReportRepository reports;
    private final ReportMapper mapper;

    public InternalReportResource(ReportRepository reports, ReportMapper mapper) {
        this.reports = reports;
        this.mapper = mapper;
    }

    @GET
    @Path("/{reportId}")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "A report of the tenant")
    public Uni<ObjectNode> get(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId) {
        return find(tenantId, reportId).map(mapper::toJson);
    }

    @GET
    @Path("/{reportId}/heatmap.png")
    @Produces("image/png")
    @WithSession
    @Operation(summary = "The report's CAM heatmap as a PNG")
    public Uni<byte[]> heatmap(@PathParam("tenantId") String tenantId, @PathParam("reportId") String reportId) {
        return find(tenantId, reportId).map(r -> {
            AnalysisCompleted a = mapper.analysis(r);
            if (a == null || a.heatmap() == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "Report " + reportId + " has no heatmap (yet)");
            }
            return HeatmapRenderer.png(a.heatmap(), HEATMAP_SIZE);
        });
    }

    private Uni<Report> find(String tenantId, String reportId) {
        return reports.findForTenant(tenantId, reportId).map(r -> {
            if (r == null) {
                throw new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId);
            }
            return r;
        });
    }
}
