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
}
