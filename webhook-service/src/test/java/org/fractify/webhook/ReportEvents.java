package org.fractify.webhook;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Modality;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.Topics;
import org.fractify.testsupport.KafkaBroker;

/** Publishes report events to the real topic, as report-service's outbox relay does. */
public final class ReportEvents implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public ReportEvents() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public static String reportId() {
        return "rpt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    public static ReportEvent completed(String tenant, int urgency, String condition, String code, String patient) {
        return new ReportEvent(ReportEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
                ReportEvent.COMPLETED, reportId(), tenant, patient, Modality.CHEST_XRAY, urgency, condition, code, 80);
    }

    /** Sends and waits for the broker's acknowledgement. */
    public ReportEvent send(ReportEvent event) {
        sendAsync(event);
        producer.flush();
        return event;
    }

    public ReportEvent sendAsync(ReportEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.REPORT_EVENTS, event.reportId(),
                    EventJson.mapper().writeValueAsString(event)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
