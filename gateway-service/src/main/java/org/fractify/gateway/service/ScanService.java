package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.ReportId;
import org.fractify.contracts.Requester;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.SeriesSelection;
import org.fractify.contracts.SliceCandidate;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.gateway.imaging.ImageNormaliser;
import org.fractify.gateway.messaging.PendingReports;
import org.fractify.gateway.messaging.ScanJobPublisher;
import org.fractify.gateway.messaging.ScanJobRecord;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Accepts a scan: validate, decode and normalise on a worker thread, size the job to one Kafka record
 * ({@link JobSizer}), publish it, then wait for its report up to the deadline.
 */
@ApplicationScoped
public class ScanService {

    private final ImageNormaliser normaliser;
    private final JobSizer sizer;
    private final ScanJobPublisher publisher;
    private final PendingReports pending;
    private final ReportReader reports;
    private final ObjectMapper mapper;
    private final GatewayConfig config;

    public ScanService(ImageNormaliser normaliser, JobSizer sizer, ScanJobPublisher publisher, PendingReports pending,
            ReportReader reports, ObjectMapper mapper, GatewayConfig config) {
        this.normaliser = normaliser;
        this.sizer = sizer;
        this.publisher = publisher;
        this.pending = pending;
        this.reports = reports;
        this.mapper = ScanRequest.parserFor(mapper, config.maxBodyBytes());
        this.config = config;
    }

    /** The outcome of a submission: the finished analysis, or an accepted job to poll. */
    public record Outcome(String reportId, Optional<ObjectNode> analysis) {
    }

    /**
     * Submits a scan. Bad input fails with its 4xx problem, as raised; a job that cannot be queued (Kafka refuses
     * it or does not acknowledge it in time) is a 503 {@code service-unavailable}; anything else is a bug, logged
     * with its stack trace and answered 500 {@code internal-error}.
     */
    public Uni<Outcome> submit(byte[] body, Requester requester, boolean async) {
        Instant received = Instant.now();
        // A synchronous request's job names the waiting key before it is sized, so the bytes sized are the bytes sent.
        ScanJob.Reply reply = async ? null : new ScanJob.Reply(requester.keyId());
        return Uni.createFrom().item(() -> prepare(body, requester, received, reply))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(record -> {
                    ScanJob job = record.job();
                    if (async) {
                        return queue(record).replaceWith(new Outcome(job.reportId(), Optional.empty()));
                    }
                    pending.expect(job.reportId());
                    return queue(record)
                            .onFailure().invoke(() -> pending.forget(job.reportId()))
                            .flatMap(ignored -> pending.await(job.reportId(), config.syncDeadline()))
                            .flatMap(event -> event.isPresent()
                                    ? finished(requester, event.get(), job)
                                    : Uni.createFrom().item(new Outcome(job.reportId(), Optional.empty())));
                })
                .onFailure(t -> !(t instanceof ProblemException)).transform(ScanService::bug);
    }

    /** Publishes the job; Kafka failing to take it is an unavailable dependency, not a bug. */
    private Uni<Void> queue(ScanJobRecord record) {
        return publisher.publish(record).onFailure(t -> !(t instanceof ProblemException)).transform(t -> {
            Log.errorf("could not queue the job of %s: %s", record.job().reportId(), t.toString());
            return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The scan could not be queued; retry later.");
        });
    }

    /**
     * A failure nobody raised on purpose: logged with its stack trace but without messages, which may quote the
     * request (patient ids, clinical context), and answered as an internal error.
     */
    static ProblemException bug(Throwable t) {
        Log.error("a scan failed unexpectedly", withoutMessages(t));
        return new ProblemException(ProblemType.INTERNAL_ERROR, "The scan could not be analysed: internal error");
    }

    /** The same chain of exceptions and stack frames, with every message replaced by the exception's class. */
    static Throwable withoutMessages(Throwable t) {
        RuntimeException copy = new RuntimeException(t.getClass().getName());
        copy.setStackTrace(t.getStackTrace());
        if (t.getCause() != null && t.getCause() != t) {
            copy.initCause(withoutMessages(t.getCause()));
        }
        return copy;
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

    private ScanJobRecord prepare(byte[] body, Requester requester, Instant received, ScanJob.Reply reply) {
        ScanRequest request = ScanRequest.parse(body, mapper, config.series().maxFiles());
        Map<String, Long> stages = new LinkedHashMap<>();
        NormalisedImage image;
        SeriesSelection selection = null;
        List<SliceCandidate> candidates = List.of();
        if (!request.seriesMode()) {
            ImageNormaliser.Normalised normalised = normaliser.normalise(request.image(), request.modality());
            stages.put("decode", normalised.decodeMs());
            stages.put("preprocess", normalised.preprocessMs());
            image = normalised.image();
        } else {
            ImageNormaliser.NormalisedSeries series = normaliser.normaliseSeries(request.images(),
                    request.modality(), request.seriesInstanceUid(), config.series().candidates());
            stages.put("decode", series.decodeMs());
            stages.put("preprocess", series.preprocessMs());
            image = series.image();
            selection = series.selection();
            candidates = series.candidates();
        }
        ScanJob job = new ScanJob(ScanJob.SCHEMA_VERSION, UUID.randomUUID().toString(), received,
                ReportId.generate(), requester.tenantId(), requester.integration(), request.patientId(),
                request.modality(), request.clinicalContext(), image, stages, selection, candidates, reply);
        return sizer.fitted(job);
    }
}
