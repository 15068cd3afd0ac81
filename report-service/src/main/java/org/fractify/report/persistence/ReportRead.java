package org.fractify.report.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One read of a report, for the audit trail: who (tenant, integration, API key id), when, what (report and
 * representation). The table is append-only; the database refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity
@Table(name = "report_read")
public class ReportRead extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "report_id", nullable = false)
    public String reportId;

    public String integration;

    @Column(name = "key_id")
    public String keyId;

    @Column(nullable = false)
    public String representation;

    @Column(name = "read_at", nullable = false)
    public Instant readAt;

    public static ReportRead of(String tenantId, String reportId, String integration, String keyId,
            String representation) {
        ReportRead r = new ReportRead();
        r.tenantId = tenantId;
        r.reportId = reportId;
        r.integration = integration;
        r.keyId = keyId;
        r.representation = representation;
        r.readAt = Instant.now();
        return r;
    }
}
