package org.fractify.report.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.fractify.report.config.ReportConfig;
import org.fractify.report.persistence.OutboxEvent;

/**
 * Publishes outbox rows to Kafka and deletes them once the broker has acknowledged. A row's payload is the
 * event's JSON as {@code EventJson} wrote it in the report's transaction; it is published as it is, under the
 * row's key, not parsed and written again. Rows are locked with SKIP LOCKED, so several replicas (and the
 * scheduled sweep next to the per-message flush) never publish the same row concurrently; a crash between
 * send and delete re-sends, and consumers are idempotent on the event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private final MutinyEmitter<String> emitter;
    private final int batch;

    public OutboxRelay(@Channel("report-events") MutinyEmitter<String> emitter, ReportConfig config) {
        this.emitter = emitter;
        this.batch = config.outboxBatch();
    }

    /** Publishes what is pending now; called right after each commit that wrote to the outbox. */
    public Uni<Void> flush() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT * FROM outbox_event ORDER BY id LIMIT " + batch + " FOR UPDATE SKIP LOCKED",
                        OutboxEvent.class)
                .getResultList()
                .flatMap(this::publishAndDelete)));
    }

    /** Sweeps rows a failed flush left behind (broker down, crash). */
    @Scheduled(every = "${fractify.report.outbox-sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return flush().onFailure().recoverWithUni(t -> {
            io.quarkus.logging.Log.warnf("outbox sweep failed, will retry: %s", t.toString());
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> publishAndDelete(List<OutboxEvent> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> emitter.sendMessage(Message.of(row.payload)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(row.messageKey).build()))
                        .replaceWith(row))
                .onItem().transformToUniAndConcatenate(row -> row.delete())
                .collect().last()
                .replaceWithVoid();
    }
}
