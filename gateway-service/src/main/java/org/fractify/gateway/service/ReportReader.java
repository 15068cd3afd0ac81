package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.fractify.contracts.ReportId;
import org.fractify.contracts.Requester;
import org.fractify.gateway.client.ReportServiceClient;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** Reads reports from report-service for the requester's tenant and shapes them for the public API. */
@ApplicationScoped
public class ReportReader {

    /** Fields of the full report that the analyse response leaves out. */
    private static final List<String> REPORT_ONLY = List.of("treatment_guidance", "fhir_diagnostic_report",
            "differentials");

    private final ReportServiceClient client;

    public ReportReader(@RestClient ReportServiceClient client) {
        this.client = client;
    }

    /**
     * The report, read as {@code representation} (recorded in report-service's audit trail with the requester's
     * integration and key id); {@code publicUrl} makes its links absolute.
     */
    public Uni<ObjectNode> report(Requester requester, String reportId, String representation, String publicUrl) {
        if (!ReportId.isValid(reportId)) {
            return Uni.createFrom().failure(notFound(reportId));
        }
        return client.get(requester.tenantId(), reportId, requester.integration(), requester.keyId(), representation,
                        publicUrl)
                .onFailure(ProblemException.class).transform(t -> notFound(reportId))
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportReader::unavailable);
    }

    public Uni<ObjectNode> analysis(Requester requester, String reportId) {
        return report(requester, reportId, "analysis", null).map(r -> {
            r.remove(REPORT_ONLY);
            return r;
        });
    }

    public Uni<byte[]> heatmap(Requester requester, String reportId) {
        if (!ReportId.isValid(reportId)) {
            return Uni.createFrom().failure(notFound(reportId));
        }
        return client.heatmap(requester.tenantId(), reportId, requester.integration(), requester.keyId())
                .onFailure(ProblemException.class).transform(t -> new ProblemException(ProblemType.REPORT_NOT_FOUND,
                        "No heatmap for report " + reportId))
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportReader::unavailable);
    }

    /** Marks the report as acknowledged by the requester's API key (idempotent). */
    public Uni<ObjectNode> acknowledge(Requester requester, String reportId) {
        if (!ReportId.isValid(reportId)) {
            return Uni.createFrom().failure(notFound(reportId));
        }
        return client.acknowledge(requester.tenantId(), reportId, requester.integration(), requester.keyId())
                .onFailure(t -> !(t instanceof ProblemException)).transform(ReportReader::unavailable);
    }

    private static ProblemException notFound(String reportId) {
        return new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId);
    }

    private static ProblemException unavailable(Throwable t) {
        return ProblemException.unavailable("report-service", "The report store", t);
    }
}
