package org.fractify.report.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.report.persistence.Report;
import org.fractify.report.persistence.ReportRead;
import org.fractify.report.persistence.ReportRepository;

/**
 * Reads and acknowledgements of a tenant's reports. Every read is recorded in the append-only
 * {@code report_read} table in the same transaction as the read itself, so a read that cannot be audited
 * fails instead of being served. Callers run these inside a transaction ({@code @WithTransaction}).
 */
@ApplicationScoped
public class ReportReads {

    private final ReportRepository reports;

    public ReportReads(ReportRepository reports) {
        this.reports = reports;
    }

    /** The report, after recording the read; 404 problem when the tenant has no such report. */
    public Uni<Report> read(String tenantId, String reportId, Reader reader, String representation) {
        return find(tenantId, reportId).call(r -> audit(r, reader, representation));
    }

    /** Records a read of a report already loaded (e.g. after checking it has a heatmap). */
    public Uni<Void> audit(Report r, Reader reader, String representation) {
        return ReportRead.of(r.tenantId, r.reportId, reader.integration(), reader.keyId(), representation).persist()
                .replaceWithVoid();
    }

    /** A patient's reports in a date range, each read recorded. */
    public Uni<List<Report>> search(String tenantId, String patientId, Instant from, Instant to, int limit,
            Reader reader, String representation) {
        return reports.findForPatient(tenantId, patientId, from, to, limit).call(list -> Multi.createFrom()
                .iterable(list).onItem().transformToUniAndConcatenate(r -> audit(r, reader, representation))
                .collect().last());
    }

    /**
     * Marks the report as acknowledged by the reader. Idempotent: a second acknowledgement keeps the first
     * one's time and reader. A report still processing cannot be acknowledged (409).
     */
    public Uni<Report> acknowledge(String tenantId, String reportId, Reader reader) {
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
            return r;
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
