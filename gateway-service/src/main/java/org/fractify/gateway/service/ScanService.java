package org.fractify.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.ScanJob;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.gateway.messaging.ScanJobPublisher;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Accepts a scan: validate, decode and normalise on a worker thread, publish the job, then wait for
 * its report up to the deadline.
 */
@ApplicationScoped
public class ScanService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

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

    public Uni<Outcome> submit(byte[] body, Caller caller, boolean async) {
        Instant received = Instant.now();
        return Uni.createFrom().item(() -> prepare(body, caller, received))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(job -> {
                    if (async) {
                        return publisher.publish(job).replaceWith(new Outcome(job.reportId(), Optional.empty()));
                    }
                    pending.expect(job.reportId());
                    return publisher.publish(job)
                            .onFailure().invoke(() -> pending.forget(job.reportId()))
                            .flatMap(ignored -> pending.await(job.reportId(), config.syncDeadline()))
                            .flatMap(event -> event.isPresent()
                                    ? finished(caller, event.get())
                                    : Uni.createFrom().item(new Outcome(job.reportId(), Optional.empty())));
                })
                .onFailure(t -> !(t instanceof ProblemException)).transform(t -> {
                    Log.errorf(t, "could not publish scan job");
                    return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                            "The scan could not be queued; nothing was stored. Retry later.");
                });
    }

    private Uni<Outcome> finished(Caller caller, ReportEvent event) {
        return reports.analysis(caller, event.reportId()).map(a -> new Outcome(event.reportId(), Optional.of(a)));
    }

    private ScanJob prepare(byte[] body, Caller caller, Instant received) {
        ScanRequest request = ScanRequest.parse(body, mapper);
        ImageNormaliser.Normalised normalised = normaliser.normalise(request.image());
        Map<String, Long> stages = new LinkedHashMap<>();
        stages.put("decode", normalised.decodeMs());
        stages.put("preprocess", normalised.preprocessMs());
        return new ScanJob(ScanJob.SCHEMA_VERSION, UUID.randomUUID().toString(), received, newReportId(),
                caller.tenantId(), caller.integration(), request.patientId(), request.modality(),
                request.clinicalContext(), normalised.image(), stages);
    }

    static String newReportId() {
        StringBuilder sb = new StringBuilder("rpt_");
        for (int i = 0; i < 20; i++) {
            sb.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return sb.toString();
    }
}
