package org.fractify.report.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.fractify.contracts.AnalysisCompleted;
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
    public Uni<ReportView> report(String tenantId, String reportId, Reader reader, String representation,
            String publicBase) {
        return find(tenantId, reportId).call(r -> audit(r, reader, representation))
                .map(r -> views.full(r, publicBase));
    }

    /** The report's CAM heatmap as a PNG; 404 problem when it has none (yet), and then no read is recorded. */
    @WithTransaction
    public Uni<byte[]> heatmap(String tenantId, String reportId, Reader reader) {
        return find(tenantId, reportId).call(r -> audit(r, reader, "heatmap")).map(r -> {
            AnalysisCompleted a = mapper.analysis(r);
            if (a == null || a.heatmap() == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "Report " + reportId + " has no heatmap (yet)");
            }
            return HeatmapRenderer.png(a.heatmap(), HEATMAP_SIZE);
        });
    }

    /** Records a read of a report already loaded, in the caller's transaction. */
    public Uni<Void> audit(Report r, Reader reader, String representation) {
        return ReportRead.of(r.tenantId, r.reportId, reader.integration(), reader.keyId(), representation).persist()
                .replaceWithVoid();
    }

    /** A patient's reports in a date range, newest first, each read recorded. */
    @WithTransaction
    public Uni<ReportList> search(String tenantId, String patientId, Instant from, Instant to, int limit,
            Reader reader, String representation, String publicBase) {
        return reports.findForPatient(tenantId, patientId, from, to, limit).call(list -> Multi.createFrom()
                .iterable(list).onItem().transformToUniAndConcatenate(r -> audit(r, reader, representation))
                .collect().last())
                .map(list -> new ReportList(list.stream().map(r -> views.full(r, publicBase)).toList()));
    }

    /**
     * Marks the report as acknowledged by the reader. Idempotent: a second acknowledgement keeps the first
     * one's time and reader. A report still processing cannot be acknowledged (409).
     */
    @WithTransaction
    public Uni<Acknowledgement> acknowledge(String tenantId, String reportId, Reader reader) {
        return find(tenantId, reportId).map(r -> {
            if (Report.PROCESSING.equals(r.status)) {
                throw new ProblemException(ProblemType.REPORT_NOT_READY,
                        "Report " + reportId + " is still processing; acknowledge it once it is completed");
            }
            if (r.acknowledgedAt == null) {
                r.acknowledgedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS); // as stored
                r.acknowledgedByIntegration = reader.integration();
                r.acknowledgedByKeyId = reader.keyId();
            }
            return mapper.acknowledgement(r);
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
