package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.ReportId;
import org.fractify.contracts.Requester;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.SeriesSelection;
import org.fractify.contracts.SliceCandidate;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.gateway.messaging.PendingReports;
import org.fractify.gateway.messaging.ScanJobPublisher;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Accepts a scan: validate, decode and normalise on a worker thread, publish the job, then wait for
 * its report up to the deadline.
 */
@ApplicationScoped
public class ScanService {

    private final ImageNormaliser normaliser;
    private final ScanJobPublisher publisher;
    private final PendingReports pending;
    private final ReportReader reports;
    private final ObjectMapper mapper;
    private final GatewayConfig config;

    public ScanService(ImageNormaliser normaliser, ScanJobPublisher publisher, PendingReports pending,
            ReportReader reports, ObjectMapper mapper, GatewayConfig config) {
        this.normaliser = normaliser;
        this.publisher = publisher;
        this.pending = pending;
        this.reports = reports;
        this.mapper = mapper;
        this.config = config;
    }

    /** The outcome of a submission: the finished analysis, or an accepted job to poll. */
    public record Outcome(String reportId, Optional<ObjectNode> analysis) {
    }

    public Uni<Outcome> submit(byte[] body, Requester requester, boolean async) {
        Instant received = Instant.now();
        return Uni.createFrom().item(() -> prepare(body, requester, received))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(prepared -> {
                    if (async) {
                        return publisher.publish(prepared).replaceWith(new Outcome(prepared.reportId(), Optional.empty()));
                    }
                    ScanJob job = prepared.awaitedBy(requester.keyId());
                    pending.expect(job.reportId());
                    return publisher.publish(job)
                            .onFailure().invoke(() -> pending.forget(job.reportId()))
                            .flatMap(ignored -> pending.await(job.reportId(), config.syncDeadline()))
                            .flatMap(event -> event.isPresent()
                                    ? finished(requester, event.get(), job)
                                    : Uni.createFrom().item(new Outcome(job.reportId(), Optional.empty())));
                })
                .onFailure(t -> !(t instanceof ProblemException)).transform(t -> {
                    Log.errorf(t, "could not publish scan job");
                    return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                            "The scan could not be queued; nothing was stored. Retry later.");
                });
    }

    /**
     * The answer to a waiting request. The report event carries the report as the analyse response shows it
     * (report-service rendered it and audited its release in the transaction that completed the report), so
     * the usual answer needs no further call; an event without it (written by an older report-service) is
     * answered by reading the report.
     */
    private Uni<Outcome> finished(Requester requester, ReportEvent event, ScanJob job) {
        // The event reached this waiter alone, so its tree may be completed in place.
        Uni<ObjectNode> analysis = event.analysis() instanceof ObjectNode carried
                && requester.tenantId().equals(event.tenantId())
                ? Uni.createFrom().item(carried)
                : reports.analysis(requester, event.reportId());
        return analysis.map(a -> {
            withSeries(a, job.series());
            return new Outcome(event.reportId(), Optional.of(a));
        });
    }

    /**
     * Series mode's answer says what happened to the series. The report's own {@code series} (which names
     * the slice inference found most significant) wins; until report-service renders one, the gateway's
     * plan is given.
     */
    static void withSeries(ObjectNode analysis, SeriesSelection series) {
        if (series == null || analysis.hasNonNull("series")) {
            return;
        }
        ObjectNode node = analysis.putObject("series");
        node.put("series_instance_uid", series.seriesInstanceUid());
        node.put("slices_received", series.slicesReceived());
        node.put("selected_instance_uid", series.selectedInstanceUid());
        node.put("selected_index", series.selectedIndex());
        node.put("rule", series.rule());
    }

    private ScanJob prepare(byte[] body, Requester requester, Instant received) {
        ScanRequest request = ScanRequest.parse(body, mapper, config.series().maxFiles());
        Map<String, Long> stages = new LinkedHashMap<>();
        String eventId = UUID.randomUUID().toString();
        String reportId = ReportId.generate();
        if (!request.seriesMode()) {
            ImageNormaliser.Normalised normalised = normaliser.normalise(request.image(), request.modality());
            stages.put("decode", normalised.decodeMs());
            stages.put("preprocess", normalised.preprocessMs());
            ScanJob job = new ScanJob(ScanJob.SCHEMA_VERSION, eventId, received, reportId, requester.tenantId(),
                    requester.integration(), request.patientId(), request.modality(), request.clinicalContext(),
                    normalised.image(), stages);
            return fitted(job);
        }
        ImageNormaliser.NormalisedSeries series = normaliser.normaliseSeries(request.images(), request.modality(),
                request.seriesInstanceUid(), config.series().candidates());
        stages.put("decode", series.decodeMs());
        stages.put("preprocess", series.preprocessMs());
        ScanJob job = new ScanJob(ScanJob.SCHEMA_VERSION, eventId, received, reportId, requester.tenantId(),
                requester.integration(), request.patientId(), request.modality(), request.clinicalContext(),
                series.image(), stages, series.selection(), series.candidates());
        return fitted(job);
    }

    /**
     * Keeps the job within one Kafka record: candidates farthest from the representative slice are left
     * out (and the rule says so) until the serialised job fits {@code series.max-job-bytes}; a job that
     * does not fit even then is a 413.
     */
    ScanJob fitted(ScanJob job) {
        int limit = config.series().maxJobBytes();
        List<SliceCandidate> kept = new ArrayList<>(job.candidates());
        int representative = job.series() == null ? 0 : job.series().selectedIndex();
        kept.sort(Comparator.comparingInt((SliceCandidate c) -> Math.abs(c.index() - representative))
                .thenComparingInt(SliceCandidate::index));
        ScanJob current = job;
        int size = serialisedSize(current);
        while (size > limit && !kept.isEmpty()) {
            kept.remove(kept.size() - 1);
            List<SliceCandidate> ordered = kept.stream().sorted(Comparator.comparingInt(SliceCandidate::index)).toList();
            int dropped = job.candidates().size() - ordered.size();
            SeriesSelection s = job.series();
            SeriesSelection amended = new SeriesSelection(s.seriesInstanceUid(), s.slicesReceived(),
                    s.selectedInstanceUid(), s.selectedIndex(), s.rule() + "; " + dropped + " candidate(s) farthest "
                            + "from the representative left out to keep the job under " + limit + " bytes");
            current = new ScanJob(job.schemaVersion(), job.eventId(), job.occurredAt(), job.reportId(), job.tenantId(),
                    job.integration(), job.patientId(), job.modality(), job.clinicalContext(), job.image(),
                    job.gatewayStagesMs(), amended, ordered);
            size = serialisedSize(current);
        }
        if (size > limit) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The scan job would be " + size
                    + " bytes (normalised image and clinical_context); at most " + limit + " fit one queued job");
        }
        return current;
    }

    private static int serialisedSize(ScanJob job) {
        try {
            return EventJson.mapper().writeValueAsBytes(job).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("ScanJob cannot be serialised", e);
        }
    }
}
