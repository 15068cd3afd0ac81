package org.fractify.gateway.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Tracks whether this instance's report-event consumer has its partitions. Until it has, a reply
 * could be missed, so the instance is not ready.
 */
@ApplicationScoped
@Identifier("report-events-rebalance")
public class PartitionAssignment implements KafkaConsumerRebalanceListener {

    private final AtomicBoolean assigned = new AtomicBoolean();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            assigned.set(true);
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // a revocation is followed by an assignment; the instance stays ready in between
    }

    public boolean assigned() {
        return assigned.get();
    }
}
