package org.fractify.gateway.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.fractify.contracts.ReportEvent;

/**
 * Requests of this gateway instance that wait for their report. Each instance reads every report
 * event with its own consumer group and completes only the waits it holds, so replies are correlated
 * per instance and any number of replicas can run side by side.
 */
@ApplicationScoped
public class PendingReports {

    private final ConcurrentMap<String, CompletableFuture<ReportEvent>> waiting = new ConcurrentHashMap<>();

    /** Registers a wait; call before publishing the job, so a fast reply cannot be missed. */
    public void expect(String reportId) {
        waiting.put(reportId, new CompletableFuture<>());
    }

    /** The report's event, or empty if it did not arrive within the deadline. */
    public Uni<Optional<ReportEvent>> await(String reportId, Duration deadline) {
        CompletableFuture<ReportEvent> future = waiting.get(reportId);
        if (future == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Uni.createFrom().completionStage(future)
                .map(Optional::of)
                .ifNoItem().after(deadline).recoverWithItem(Optional.empty())
                .eventually(() -> waiting.remove(reportId));
    }

    public void forget(String reportId) {
        waiting.remove(reportId);
    }

    /** Called for every report event; completes the wait if this instance holds it. */
    public void arrived(ReportEvent event) {
        CompletableFuture<ReportEvent> future = waiting.get(event.reportId());
        if (future != null) {
            future.complete(event);
        }
    }

    public int size() {
        return waiting.size();
    }
}
