package org.fractify.report.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.ScanJob;
import org.fractify.report.service.ReportStore;

/**
 * Reads scan jobs (to show a report as processing at once) and analyses (to complete it). The offset
 * is committed only after the transaction, and the outbox is flushed right after it so waiting clients
 * hear of the report without waiting for the sweep.
 */
@ApplicationScoped
public class ScanEventConsumers {

    private final ReportStore store;
    private final OutboxRelay relay;

    public ScanEventConsumers(ReportStore store, OutboxRelay relay) {
        this.store = store;
        this.relay = relay;
    }

    @Incoming("scan-jobs")
    public Uni<Void> onScanJob(ScanJob job) {
        if (job == null) {
            return Uni.createFrom().voidItem();
        }
        return store.recordJob(job);
    }

    @Incoming("scan-analyses")
    public Uni<Void> onAnalysis(AnalysisCompleted analysis) {
        if (analysis == null) {
            return Uni.createFrom().voidItem();
        }
        return store.recordAnalysis(analysis)
                .call(() -> relay.flush().onFailure().recoverWithNull());
    }
}
