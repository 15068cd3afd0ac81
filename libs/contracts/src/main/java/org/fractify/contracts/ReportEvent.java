package org.fractify.contracts;

import java.time.Instant;

/**
 * A report changed state; published by report-service through its transactional outbox, so the
 * event exists if and only if the state change was committed. Consumers fetch the report for detail.
 *
 * @param schemaVersion    version of this record's schema
 * @param eventId          unique id of this event
 * @param occurredAt       when the state change was committed
 * @param type             {@code report.completed} or {@code report.failed}
 * @param reportId         the report (Kafka key)
 * @param tenantId         owner
 * @param patientId        patient identifier as sent
 * @param modality         the study's modality
 * @param urgency          1-5; 0 when failed
 * @param primaryCondition display name of the top finding, null when none
 * @param primaryCode      code of the top finding, null when none
 * @param processingMs     from acceptance at the gateway to the stored report
 */
public record ReportEvent(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String type,
        String reportId,
        String tenantId,
        String patientId,
        Modality modality,
        int urgency,
        String primaryCondition,
        String primaryCode,
        long processingMs) {

    public static final int SCHEMA_VERSION = 1;
    public static final String COMPLETED = "report.completed";
    public static final String FAILED = "report.failed";

    /** Urgency 4 and 5 are critical: they page someone. */
    public boolean critical() {
        return urgency >= 4;
    }
}
