package org.fractify.report.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reports; every read names its tenant. */
@ApplicationScoped
public class ReportRepository implements PanacheRepositoryBase<Report, String> {

    public Uni<Report> findForTenant(String tenantId, String reportId) {
        return find("reportId = ?1 and tenantId = ?2", reportId, tenantId).firstResult();
    }

    /** A patient's reports in a created_at range (either bound may be null), newest first. */
    public Uni<java.util.List<Report>> findForPatient(String tenantId, String patientId, java.time.Instant from,
            java.time.Instant to, int limit) {
        return find("tenantId = ?1 and patientId = ?2 and receivedAt >= ?3 and receivedAt < ?4 "
                + "order by receivedAt desc, reportId", tenantId, patientId,
                from == null ? java.time.Instant.EPOCH : from,
                to == null ? java.time.Instant.parse("9999-12-31T00:00:00Z") : to)
                .page(0, limit).list();
    }
}
