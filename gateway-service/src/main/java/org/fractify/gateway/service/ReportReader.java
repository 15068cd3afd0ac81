package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.gateway.client.ReportServiceClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** Reads reports from report-service for the caller's tenant and shapes them for the public API. */
@ApplicationScoped
public class ReportReader {

    /** Fields of the full report that the analyse response leaves out. */
    private static final String[] REPORT_ONLY = {"treatment_guidance", "fhir_diagnostic_report", "differentials"};

    private final ReportServiceClient client;

    public ReportReader(@RestClient ReportServiceClient client) {
        this.client = client;
    }

    public Uni<ObjectNode> report(Caller caller, String reportId) {
        return report(caller, reportId, "json", null);
    }

    /**
     * The report, read as {@code representation} (recorded in report-service's audit trail with the caller's
     * integration and key id); {@code publicUrl} makes its links absolute.
     */
    public Uni<ObjectNode> report(Caller caller, String reportId, String representation, String publicUrl) {
        if (!reportId.matches("rpt_[a-z0-9]{1,40}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId));
        }
        return client.get(caller.tenantId(), reportId, caller.integration(), caller.keyId(), representation, publicUrl)
                .onFailure(ProblemException.class).transform(t -> new ProblemException(ProblemType.REPORT_NOT_FOUND,
                        "No report " + reportId))
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportReader::unavailable);
    }

    public Uni<ObjectNode> analysis(Caller caller, String reportId) {
        return report(caller, reportId, "analysis", null).map(r -> {
            r.remove(java.util.List.of(REPORT_ONLY));
            return r;
        });
    }

    public Uni<byte[]> heatmap(Caller caller, String reportId) {
        if (!reportId.matches("rpt_[a-z0-9]{1,40}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId));
        }
        return client.heatmap(caller.tenantId(), reportId, caller.integration(), caller.keyId())
                .onFailure(ProblemException.class).transform(t -> new ProblemException(ProblemType.REPORT_NOT_FOUND,
                        "No heatmap for report " + reportId))
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportReader::unavailable);
    }

    /** Marks the report as acknowledged by the caller's API key (idempotent). */
    public Uni<ObjectNode> acknowledge(Caller caller, String reportId) {
        if (!reportId.matches("rpt_[a-z0-9]{1,40}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId));
        }
        return client.acknowledge(caller.tenantId(), reportId, caller.integration(), caller.keyId())
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportReader::unavailable);
    }

    private static ProblemException unavailable(Throwable t) {
        io.quarkus.logging.Log.errorf("report-service call failed: %s", t.toString());
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The report store is unavailable; retry later");
    }
}
