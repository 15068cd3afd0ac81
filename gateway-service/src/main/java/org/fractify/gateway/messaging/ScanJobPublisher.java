package org.fractify.gateway.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.fractify.contracts.ScanJob;

/**
 * Publishes scan jobs. The returned Uni completes only when the broker has acknowledged the record
 * (acks=all, idempotent producer), so a job the gateway accepted survives a gateway restart.
 */
@ApplicationScoped
public class ScanJobPublisher {

    private final MutinyEmitter<ScanJob> emitter;

    public ScanJobPublisher(@Channel("scan-jobs") MutinyEmitter<ScanJob> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(ScanJob job) {
        return emitter.sendMessage(Message.of(job)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(job.reportId()).build()));
    }
}
