package org.fractify.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A scan accepted by the gateway, ready for a model. The image travels inline as a normalised 8-bit
 * grayscale PNG of at most 512 x 512 pixels (at most 256 KiB raw), so a job stays far below Kafka's
 * 1 MB message limit; see docs/decisions/0002-pixels-inline-normalised.md. A series job also carries a few
 * candidate slices, and the gateway keeps it under 900,000 bytes (docs/decisions/0008-series-mode.md).
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
 * @param series            series mode only (3+ DICOM files): what the gateway did with the series; null
 *                          otherwise (added in 0.2.0)
 * @param candidates        series mode only: further slices to analyse besides {@code image}, at most a
 *                          few, ordered by index; empty otherwise (added in 0.2.0)
 * @param reply             set when the submitting request waits for the answer (a synchronous analyse):
 *                          who is waiting, so the report's release for that reply can be audited; null for
 *                          an asynchronous submission (added in 0.3.0)
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
        Map<String, Long> gatewayStagesMs,
        SeriesSelection series,
        List<SliceCandidate> candidates,
        Reply reply) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * Kafka header on every job record: this job {@linkplain #withoutPixels() without pixels}, as JSON. A
     * consumer that needs only the metadata (report-service, recording the report as processing) reads the
     * header and never parses the value with its pixels. Header and value are one record, so no dual write.
     */
    public static final String METADATA_HEADER = "fractify-job-metadata";

    /**
     * A synchronous request is waiting for this job's report.
     *
     * @param keyId id of the API key whose request waits (the integration is the job's)
     */
    public record Reply(String keyId) {
    }

    public ScanJob {
        // JSON null reads as a NullNode; keep "no context" a plain null whichever way the job was made.
        clinicalContext = clinicalContext == null || clinicalContext.isNull() ? null : clinicalContext;
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /** A single-image job (the shape of 0.1.0 jobs). */
    public ScanJob(int schemaVersion, String eventId, Instant occurredAt, String reportId, String tenantId,
            String integration, String patientId, Modality modality, JsonNode clinicalContext, NormalisedImage image,
            Map<String, Long> gatewayStagesMs) {
        this(schemaVersion, eventId, occurredAt, reportId, tenantId, integration, patientId, modality,
                clinicalContext, image, gatewayStagesMs, null, List.of(), null);
    }

    /** A job as 0.2.0 made them (series fields, no reply). */
    public ScanJob(int schemaVersion, String eventId, Instant occurredAt, String reportId, String tenantId,
            String integration, String patientId, Modality modality, JsonNode clinicalContext, NormalisedImage image,
            Map<String, Long> gatewayStagesMs, SeriesSelection series, List<SliceCandidate> candidates) {
        this(schemaVersion, eventId, occurredAt, reportId, tenantId, integration, patientId, modality,
                clinicalContext, image, gatewayStagesMs, series, candidates, null);
    }

    /** The same job, awaited by a synchronous request of the given API key. */
    public ScanJob awaitedBy(String keyId) {
        return new ScanJob(schemaVersion, eventId, occurredAt, reportId, tenantId, integration, patientId,
                modality, clinicalContext, image, gatewayStagesMs, series, candidates, new Reply(keyId));
    }

    /** The same job without pixels (of the image and of every candidate): what a consumer may keep. */
    public ScanJob withoutPixels() {
        return new ScanJob(schemaVersion, eventId, occurredAt, reportId, tenantId, integration, patientId,
                modality, clinicalContext, image == null ? null : image.withoutPixels(), gatewayStagesMs, series,
                candidates.stream().map(SliceCandidate::withoutPixels).toList(), reply);
    }
}
