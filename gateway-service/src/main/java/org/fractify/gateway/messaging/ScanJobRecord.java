package org.fractify.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.ScanJob;

/**
 * A job serialised once, as it will be published: whoever measures the record measures the bytes that go to
 * Kafka, and the publisher sends those bytes without serialising the job again.
 *
 * @param job   the job
 * @param value the job as JSON, the record's value
 */
public record ScanJobRecord(ScanJob job, byte[] value) {

    public static ScanJobRecord of(ScanJob job) {
        try {
            return new ScanJobRecord(job, EventJson.mapper().writeValueAsBytes(job));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ScanJob cannot be serialised", e);
        }
    }

    /** Bytes of the record that count towards Kafka's limit on one record. */
    public int size() {
        return value.length;
    }
}
