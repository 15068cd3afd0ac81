package org.fractify.contracts;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serialisers for the event records, all through {@link EventJson} so every service reads and
 * writes the same JSON. A record that cannot be read is logged and delivered as null (consumers skip
 * it) instead of stopping the partition behind it.
 */
public final class EventSerde {

    private static final Logger LOG = Logger.getLogger(EventSerde.class.getName());

    private EventSerde() {
    }

    /** Serialises any event record to JSON. */
    public static class JsonSerializer<T> implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            try {
                return EventJson.mapper().writeValueAsBytes(data);
            } catch (IOException e) {
                throw new SerializationException("cannot serialise " + data.getClass().getSimpleName(), e);
            }
        }
    }

    /** Reads one event type; unreadable records become null. */
    public abstract static class JsonDeserializer<T> implements Deserializer<T> {
        private final Class<T> type;

        protected JsonDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return EventJson.mapper().readValue(data, type);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "skipping unreadable " + type.getSimpleName() + " on " + topic + ": "
                        + e.getClass().getSimpleName());
                return null;
            }
        }
    }

    public static class ScanJobDeserializer extends JsonDeserializer<ScanJob> {
        public ScanJobDeserializer() {
            super(ScanJob.class);
        }
    }

    /**
     * Reads a job from its {@link ScanJob#METADATA_HEADER} only: the pixel-free job, without parsing the value.
     * A record without the header (written by an older gateway) is read from its value.
     */
    public static class ScanJobMetadataDeserializer extends JsonDeserializer<ScanJob> {
        public ScanJobMetadataDeserializer() {
            super(ScanJob.class);
        }

        @Override
        public ScanJob deserialize(String topic, Headers headers, byte[] data) {
            Header metadata = headers == null ? null : headers.lastHeader(ScanJob.METADATA_HEADER);
            return deserialize(topic, metadata == null ? data : metadata.value());
        }
    }

    public static class AnalysisCompletedDeserializer extends JsonDeserializer<AnalysisCompleted> {
        public AnalysisCompletedDeserializer() {
            super(AnalysisCompleted.class);
        }
    }

    public static class ReportEventDeserializer extends JsonDeserializer<ReportEvent> {
        public ReportEventDeserializer() {
            super(ReportEvent.class);
        }
    }
}
