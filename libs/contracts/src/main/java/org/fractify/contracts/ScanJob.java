package org.fractify.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A scan accepted by the gateway, ready for a model. The image travels inline as a normalised 8-bit
 * grayscale PNG of at most 512 x 512 pixels (at most 256 KiB raw), so a job stays far below Kafka's
 * 1 MB message limit; see docs/decisions/0002-pixels-inline-normalised.md.
 *
 * @param schemaVersion     version of this record's schema; additive changes keep the number
 * @param eventId           unique id of this event, for idempotent consumers
 * @param occurredAt        when the gateway accepted the scan
 * @param reportId          the report this scan produces ({@code rpt_...}); also the Kafka key
 * @param tenantId          owner of the report
 * @param integration       API-key integration that submitted it
 * @param patientId         patient identifier as sent by the client
 * @param modality          requested modality
 * @param clinicalContext   optional clinical context as sent (text or structured), may be null
 * @param image             the normalised pixels
 * @param gatewayStagesMs   time the gateway spent per stage (decode, preprocess), milliseconds
 */
public record ScanJob(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String reportId,
        String tenantId,
        String integration,
        String patientId,
        Modality modality,
        JsonNode clinicalContext,
        NormalisedImage image,
        Map<String, Long> gatewayStagesMs) {

    public static final int SCHEMA_VERSION = 1;

    /** The same job without pixels: what a consumer may keep after the analysis. */
    public ScanJob withoutPixels() {
        return new ScanJob(schemaVersion, eventId, occurredAt, reportId, tenantId, integration, patientId,
                modality, clinicalContext, image == null ? null : image.withoutPixels(), gatewayStagesMs);
    }
}
