package org.fractify.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.ScanJob;

/**
 * A job serialised once, as it will be published: whoever measures the record measures the bytes that go to
 * Kafka, and the publisher sends those bytes without serialising the job again.
 *
 * @param job      the job
 * @param value    the job as JSON, the record's value
 * @param metadata the job {@linkplain ScanJob#withoutPixels() without pixels} as JSON, the record's
 *                 {@link ScanJob#METADATA_HEADER} header: consumers that need only the metadata read it and never
 *                 parse the pixels
 */
public record ScanJobRecord(ScanJob job, byte[] value, byte[] metadata) {

    private static final int HEADER_KEY_BYTES = ScanJob.METADATA_HEADER.getBytes(StandardCharsets.UTF_8).length;

    public static ScanJobRecord of(ScanJob job) {
        try {
            return new ScanJobRecord(job, EventJson.mapper().writeValueAsBytes(job),
                    EventJson.mapper().writeValueAsBytes(job.withoutPixels()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ScanJob cannot be serialised", e);
        }
    }

    /** Bytes of the record that count towards Kafka's limit on one record: the value and the metadata header. */
    public int size() {
        return value.length + HEADER_KEY_BYTES + metadata.length;
    }
}
