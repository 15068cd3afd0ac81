package org.fractify.report;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.Topics;
import org.fractify.testsupport.KafkaBroker;

/**
 * Writes scan-job records as the gateway does: the whole job (pixels included) as the value and the job
 * without pixels as JSON in the {@link ScanJob#METADATA_HEADER} header.
 */
final class JobRecords {

    private JobRecords() {
    }

    static void send(ScanJob job) throws Exception {
        send(job.reportId(), EventJson.mapper().writeValueAsBytes(job),
                EventJson.mapper().writeValueAsBytes(job.withoutPixels()));
    }

    /** A job record with the given value and header bytes (null leaves the header out). */
    static void send(String key, byte[] value, byte[] metadata) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<>(Topics.SCAN_JOBS, key, value);
            if (metadata != null) {
                record.headers().add(ScanJob.METADATA_HEADER, metadata);
            }
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not send a job record for " + key, e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
