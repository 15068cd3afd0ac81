package org.fractify.report.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Finding;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.Requester;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.Topics;
import org.fractify.report.persistence.OutboxEvent;
import org.fractify.report.persistence.Report;
import org.fractify.report.persistence.ReportRepository;

/**
 * Applies scan jobs and analyses to the report table. Both are idempotent by the report row itself, with no
 * table of seen event ids: a job inserts the processing row only if no row exists, and an analysis completes
 * only a row that is still processing, under a row lock. A finished report's {@link ReportEvent} is written to
 * the outbox in the transaction that completes the row, so the event exists exactly when the report does. The event carries the report as the
 * analyse response shows it; when a synchronous request waits for it, its release to that request's API key
 * is recorded in the read audit in the same transaction (docs/decisions/0017).
 */
@ApplicationScoped
public class ReportStore {

    /** The audit trail's representation for a report released to the synchronous analyse reply. */
    public static final String ANALYSIS_REPLY = "analysis-reply";

    private final ReportRepository reports;
    private final ReportViews views;
    private final ReportReads reads;

    public ReportStore(ReportRepository reports, ReportViews views, ReportReads reads) {
        this.reports = reports;
        this.views = views;
        this.reads = reads;
    }

    /**
     * Records an accepted job as a pending report, unless the report exists (its analysis got here first, or
     * the job is delivered again): one statement, so the hot path's cheapest write stays cheap.
     */
    public Uni<Void> recordJob(ScanJob job) {
        return Panache.withTransaction(() -> insertPendingIfAbsent(job));
    }

    /**
     * Inserts the job's pending row unless the report exists. The two topics are consumed concurrently,
     * so the job and its analysis may both find no row and both insert: ON CONFLICT makes the second
     * insert a no-op instead of a constraint violation that would send the analysis to the dead-letter
     * topic and leave the report processing forever.
     */
    private static Uni<Void> insertPendingIfAbsent(ScanJob job) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("INSERT INTO report "
                + "(report_id, tenant_id, integration, patient_id, modality, status, received_at, clinical_context, version) "
                + "VALUES (:id, :tenant, :integration, :patient, :modality, :status, :received, :context, 0) "
                + "ON CONFLICT (report_id) DO NOTHING")
                .setParameter("id", job.reportId())
                .setParameter("tenant", job.tenantId())
                .setParameter("integration", job.integration())
                .setParameter("patient", job.patientId())
                .setParameter("modality", job.modality().wireName())
                .setParameter("status", Report.PROCESSING)
                .setParameter("received", job.occurredAt())
                .setParameter("context", job.clinicalContext() == null ? null : job.clinicalContext().toString())
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * Completes (or fails) a report and queues its event. An analysis delivered again finds the row no longer
     * processing and changes nothing.
     */
    public Uni<Void> recordAnalysis(AnalysisCompleted analysis) {
        return Panache.withTransaction(() -> {
            // Make sure the row exists, then lock it: the job consumer may be inserting it right now.
            return insertPendingIfAbsent(analysis.job())
                    .flatMap(ignored -> reports.findById(analysis.reportId(), LockModeType.PESSIMISTIC_WRITE))
                    .flatMap(r -> {
                        if (!Report.PROCESSING.equals(r.status)) {
                            Log.debugf("report %s is already %s; analysis event %s ignored", r.reportId, r.status,
                                    analysis.eventId());
                            return Uni.createFrom().voidItem();
                        }
                        AnalysisCompleted stored = complete(r, analysis);
                        ReportEvent event = eventFor(r, stored,
                                EventJson.mapper().valueToTree(views.analysisReply(r, stored)));
                        Uni<Void> outbox = OutboxEvent.of(Topics.REPORT_EVENTS, r.reportId, json(event)).persist()
                                .replaceWithVoid();
                        ScanJob.Reply reply = analysis.job() == null ? null : analysis.job().reply();
                        if (reply == null) {
                            return outbox;
                        }
                        return outbox.call(() -> reads.audit(r, new Requester(r.tenantId, r.integration,
                                reply.keyId()), ANALYSIS_REPLY));
                    });
        });
    }

    /** Applies the analysis to the row; returns the analysis as stored (without pixels). */
    private static AnalysisCompleted complete(Report r, AnalysisCompleted analysis) {
        // As PostgreSQL stores it, so the event's rendering and a later read of the row agree.
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        r.status = AnalysisCompleted.COMPLETED.equals(analysis.status()) ? Report.COMPLETED : Report.FAILED;
        r.urgency = Report.COMPLETED.equals(r.status) ? analysis.urgency() : null;
        r.primaryCondition = Report.COMPLETED.equals(r.status)
                ? GuidanceService.primary(analysis).map(Finding::condition).orElse(null) : null;
        r.completedAt = now;
        r.processingMs = Duration.between(r.receivedAt, now).toMillis();
        // The job inside the analysis has no pixels (inference drops them); drop them again in case a
        // producer ever forgets, since nothing here may keep pixel data.
        AnalysisCompleted stored = new AnalysisCompleted(analysis.schemaVersion(), analysis.eventId(),
                analysis.occurredAt(), analysis.reportId(), analysis.tenantId(),
                analysis.job() == null ? null : analysis.job().withoutPixels(), analysis.status(), analysis.model(),
                analysis.scores(), analysis.findings(), analysis.urgency(), analysis.heatmap(), analysis.stagesMs(),
                analysis.failure(), analysis.series());
        r.analysisJson = json(stored);
        return stored;
    }

    private static ReportEvent eventFor(Report r, AnalysisCompleted analysis, JsonNode analysisJson) {
        Finding top = analysis.findings() == null ? null : analysis.findings().stream()
                .max(Comparator.comparingInt(Finding::urgency).thenComparingDouble(Finding::confidence))
                .orElse(null);
        return new ReportEvent(ReportEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), r.completedAt,
                Report.COMPLETED.equals(r.status) ? ReportEvent.COMPLETED : ReportEvent.FAILED, r.reportId,
                r.tenantId, r.patientId, org.fractify.contracts.Modality.fromWireName(r.modality).orElse(null),
                r.urgency == null ? 0 : r.urgency, top == null ? null : top.condition(),
                top == null || top.code() == null ? null : top.code().code(), r.processingMs, analysisJson);
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
