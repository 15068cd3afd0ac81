package org.fractify.gateway.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.fractify.contracts.ScanJob;

/**
 * Publishes scan jobs, as the bytes they were serialised to once (the channel's serialiser passes bytes through),
 * each with its pixel-free metadata in the {@link ScanJob#METADATA_HEADER} header of the same record.
 * The returned Uni completes only when the broker has acknowledged the record (acks=all, idempotent producer), so
 * a job the gateway accepted survives a gateway restart.
 */
@ApplicationScoped
public class ScanJobPublisher {

    private final MutinyEmitter<byte[]> emitter;

    public ScanJobPublisher(@Channel("scan-jobs") MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(ScanJobRecord record) {
        var headers = new RecordHeaders().add(ScanJob.METADATA_HEADER, record.metadata());
        return emitter.sendMessage(Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.job().reportId()).withHeaders(headers).build()));
    }
}
