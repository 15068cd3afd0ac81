package org.fractify.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and writes real topics of a real broker, for assertions on what services publish. */
public final class KafkaTopics {

    private final String bootstrapServers;

    public KafkaTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /**
     * All records of {@code topic} with {@code key}, from the beginning, once at least {@code count}
     * have arrived or {@code timeout} has passed (then whatever has arrived).
     */
    public List<ConsumerRecord<String, String>> records(String topic, String key, int count, Duration timeout) {
        return records(topic, r -> key.equals(r.key()), count, timeout);
    }

    /**
     * All records of {@code topic} that {@code match}, from the beginning, once at least {@code count} have
     * arrived or {@code timeout} has passed (then whatever has arrived).
     */
    public List<ConsumerRecord<String, String>> records(String topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> match, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        Instant end = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && Instant.now().isBefore(end)) {
                Map<String, List<org.apache.kafka.common.PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(2));
                if (topics.containsKey(topic)) {
                    topics.get(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                } else {
                    sleep();
                }
            }
            if (partitions.isEmpty()) {
                return found;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < count && Instant.now().isBefore(end)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /** The first record with {@code key}; fails the test if none arrives in time. */
    public ConsumerRecord<String, String> awaitRecord(String topic, String key, Duration timeout) {
        List<ConsumerRecord<String, String>> records = records(topic, key, 1, timeout);
        if (records.isEmpty()) {
            throw new AssertionError("no record with key " + key + " on " + topic + " within " + timeout);
        }
        return records.get(0);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
