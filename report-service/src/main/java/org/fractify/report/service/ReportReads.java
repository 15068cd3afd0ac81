package org.fractify.report.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.ReportId;
import org.fractify.contracts.Requester;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.report.mapping.Acknowledgement;
import org.fractify.report.mapping.HeatmapRenderer;
import org.fractify.report.mapping.ReportList;
import org.fractify.report.mapping.ReportMapper;
import org.fractify.report.mapping.ReportView;
import org.fractify.report.persistence.Report;
import org.fractify.report.persistence.ReportRead;
import org.fractify.report.persistence.ReportRepository;

/**
 * Reads and acknowledgements of a tenant's reports, each in its own transaction. Every read is recorded in
 * the append-only {@code report_read} table in the same transaction as the read itself, so a read that cannot
 * be audited fails instead of being served. A report of another tenant is indistinguishable from a missing one.
 */
@ApplicationScoped
public class ReportReads {

    private static final int HEATMAP_SIZE = 224;

    private final ReportRepository reports;
    private final ReportMapper mapper;
    private final ReportViews views;

    public ReportReads(ReportRepository reports, ReportMapper mapper, ReportViews views) {
        this.reports = reports;
        this.mapper = mapper;
        this.views = views;
    }

    /** The report in full, after recording the read; 404 problem when the tenant has no such report. */
    @WithTransaction
    public Uni<ReportView> report(Requester requester, String reportId, String representation, String publicBase) {
        return find(requester, reportId).call(r -> audit(r, requester, representation))
                .map(r -> views.full(r, publicBase));
    }

    /** The report's CAM heatmap as a PNG; 404 problem when it has none (yet), and then no read is recorded. */
    @WithTransaction
    public Uni<byte[]> heatmap(Requester requester, String reportId) {
        return find(requester, reportId).call(r -> audit(r, requester, "heatmap")).map(r -> {
            AnalysisCompleted a = mapper.analysis(r);
            if (a == null || a.heatmap() == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "Report " + reportId + " has no heatmap (yet)");
            }
            return HeatmapRenderer.png(a.heatmap(), HEATMAP_SIZE);
        });
    }

    /** Records a read of a report already loaded, in the caller's transaction. */
    public Uni<Void> audit(Report r, Requester requester, String representation) {
        return ReportRead.of(r.tenantId, r.reportId, requester.integration(), requester.keyId(), representation)
                .persist().replaceWithVoid();
    }

    /** A patient's reports in a date range, newest first, each read recorded. */
    @WithTransaction
    public Uni<ReportList> search(Requester requester, String patientId, Instant from, Instant to, int limit,
            String representation, String publicBase) {
        return reports.findForPatient(requester.tenantId(), patientId, from, to, limit).call(list -> Multi.createFrom()
                .iterable(list).onItem().transformToUniAndConcatenate(r -> audit(r, requester, representation))
                .collect().last())
                .map(list -> new ReportList(list.stream().map(r -> views.full(r, publicBase)).toList()));
    }

    /**
     * Marks the report as acknowledged by the requester. Idempotent: a second acknowledgement keeps the first
     * one's time and API key. A report still processing cannot be acknowledged (409).
     */
    @WithTransaction
    public Uni<Acknowledgement> acknowledge(Requester requester, String reportId) {
        return find(requester, reportId).map(r -> {
            if (Report.PROCESSING.equals(r.status)) {
                throw new ProblemException(ProblemType.REPORT_NOT_READY,
                        "Report " + reportId + " is still processing; acknowledge it once it is completed");
            }
            if (r.acknowledgedAt == null) {
                r.acknowledgedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as stored
                r.acknowledgedByIntegration = requester.integration();
                r.acknowledgedByKeyId = requester.keyId();
            }
            return mapper.acknowledgement(r);
        });
    }

    /** The requester's tenant's report; an id that cannot be a report id is not found without a query. */
    private Uni<Report> find(Requester requester, String reportId) {
        if (!ReportId.isValid(reportId)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId));
        }
        return reports.findForTenant(requester.tenantId(), reportId).map(r -> {
            if (r == null) {
                throw new ProblemException(ProblemType.REPORT_NOT_FOUND, "No report " + reportId);
            }
            return r;
        });
    }
}
