package org.fractify.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A report changed state; published by report-service through its transactional outbox, so the
 * event exists if and only if the state change was committed. A completed or failed report's event also
 * carries the report as the analyse response shows it, so the gateway answers a waiting request without a
 * second round trip (docs/decisions/0017-reply-carried-in-the-report-event.md); other consumers fetch the
 * report when they need more.
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
 * @param analysis         the report in the analyse response's shape (snake_case, relative
 *                         {@code heatmap_url}, no guidance, differentials or FHIR); null in events written
 *                         before 0.3.0 (added in 0.3.0)
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
        long processingMs,
        JsonNode analysis) {

    public static final int SCHEMA_VERSION = 1;
    public static final String COMPLETED = "report.completed";
    public static final String FAILED = "report.failed";

    /** An event without the carried analysis (the shape before 0.3.0). */
    public ReportEvent(int schemaVersion, String eventId, Instant occurredAt, String type, String reportId,
            String tenantId, String patientId, Modality modality, int urgency, String primaryCondition,
            String primaryCode, long processingMs) {
        this(schemaVersion, eventId, occurredAt, type, reportId, tenantId, patientId, modality, urgency,
                primaryCondition, primaryCode, processingMs, null);
    }

    /** Urgency 4 and 5 are critical: they page someone. */
    public boolean critical() {
        return urgency >= 4;
    }
}
