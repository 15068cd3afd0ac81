package org.fractify.inference.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.ScanJob;
import org.fractify.inference.service.Analyser;

/**
 * scan jobs in, analyses out. Forward passes block, so they run on the "inference" worker pool (as
 * wide as the predictor pool), unordered across reports. The job's offset is committed only once its
 * analysis has been acknowledged by the broker.
 */
@ApplicationScoped
public class ScanJobProcessor {

    private final Analyser analyser;

    public ScanJobProcessor(Analyser analyser) {
        this.analyser = analyser;
    }

    @Incoming("scan-jobs")
    @Outgoing("scan-analyses")
    @Blocking(value = "inference", ordered = false)
    public Record<String, AnalysisCompleted> process(ConsumerRecord<String, ScanJob> record) {
        ScanJob job = record.value();
        if (job == null || job.image() == null || job.image().pngBase64() == null) {
            return null; // unreadable record: skipped (logged by the deserializer)
        }
        // The job waited from the moment the gateway handed it to Kafka (the record's timestamp), not from
        // the scan's acceptance: decoding and preprocessing at the gateway are stages of their own.
        AnalysisCompleted analysis = analyser.analyse(job, Instant.ofEpochMilli(record.timestamp()));
        return Record.of(analysis.reportId(), analysis);
    }
}
