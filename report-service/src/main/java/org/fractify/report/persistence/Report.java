package org.fractify.report.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A stored report. Rows never hold pixels; the analysis is kept as its event JSON. */
@Entity
@Table(name = "report")
public class Report extends PanacheEntityBase {

    public static final String PROCESSING = "processing";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    @Id
    @Column(name = "report_id")
    public String reportId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    public String integration;

    @Column(name = "patient_id", nullable = false)
    public String patientId;

    @Column(nullable = false)
    public String modality;

    @Column(nullable = false)
    public String status;

    public Integer urgency;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "processing_ms")
    public Long processingMs;

    @Column(name = "analysis_json")
    public String analysisJson;

    @Column(name = "clinical_context")
    public String clinicalContext;

    /** Display name of the top finding, for the worklist; null when none. */
    @Column(name = "primary_condition")
    public String primaryCondition;

    /** When a reader acknowledged the report; null until then. */
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    /** The integration of the API key that acknowledged. */
    @Column(name = "acknowledged_by_integration")
    public String acknowledgedByIntegration;

    /** The id of the API key that acknowledged. */
    @Column(name = "acknowledged_by_key_id")
    public String acknowledgedByKeyId;

    @Version
    public int version;
}
