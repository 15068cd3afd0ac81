package org.fractify.fhir.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.fractify.contracts.ReportEvent;
import org.fractify.contracts.Requester;
import org.fractify.fhir.config.FhirConfig;
import org.fractify.fhir.persistence.PushRepository;
import org.fractify.fhir.persistence.PushRepository.Delivery;
import org.fractify.fhir.persistence.PushRepository.Endpoint;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.renderings.Hl7Renderer;
import org.fractify.renderings.ReportDocument;

/**
 * Push mode: each completed report of a tenant with a push destination is delivered as a FHIR transaction
 * Bundle and/or an HL7 ORU^R01 over MLLP. The delivery row is written before the report event's offset is
 * committed, so a crash loses nothing; a poller claims due rows (several instances can run), renders the
 * report as it is stored at that moment, and retries failures with exponential backoff up to max attempts.
 */
@ApplicationScoped
public class PushService {

    static final String PUSHER = "fhir-service";
    private static final int BATCH = 20;

    private final PushRepository repository;
    private final ReportSource reports;
    private final FhirPusher fhir;
    private final MllpSender mllp;
    private final Hl7Renderer hl7;
    private final FhirConfig config;

    public PushService(PushRepository repository, ReportSource reports, FhirPusher fhir, MllpSender mllp,
            Hl7Renderer hl7, FhirConfig config) {
        this.repository = repository;
        this.reports = reports;
        this.fhir = fhir;
        this.mllp = mllp;
        this.hl7 = hl7;
        this.config = config;
    }

    /** Queues the report for the tenant's channels (none when push is not configured). */
    public Uni<Void> enqueue(ReportEvent event) {
        if (!ReportEvent.COMPLETED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        return repository.enqueue(event.tenantId(), event.reportId()).replaceWithVoid();
    }

    /** Polls for due deliveries every {@code fractify.fhir.push.poll}, one poll at a time. */
    void startPolling(@Observes StartupEvent start, Scheduler scheduler) {
        scheduler.newJob(PushService.class.getName() + ".deliverDue")
                .setInterval(config.push().poll().toString())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setAsyncTask(execution -> deliverDue())
                .schedule();
    }

    Uni<Void> deliverDue() {
        return repository.claimDue(BATCH, config.push().lease())
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(this::attempt)
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithUni(t -> {
                    Log.warnf("push poll failed, will retry: %s", t.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> attempt(Delivery d) {
        return repository.endpoint(d.tenantId()).flatMap(endpoint -> {
            if (endpoint.isEmpty()) {
                return repository.attemptFailed(d.id(), "push is no longer configured for the tenant", null);
            }
            return reports.report(Requester.service(d.tenantId(), PUSHER), d.reportId(), d.channel() + "-push",
                            config.publicUrl())
                    .flatMap(doc -> Uni.createFrom().item(() -> send(d, endpoint.get(), doc))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                    .onFailure(ProblemException.class).recoverWithItem(t ->
                            ((ProblemException) t).type() == ProblemType.REPORT_NOT_FOUND
                                    ? DeliveryOutcome.refused("the report no longer exists")
                                    : DeliveryOutcome.retry(((ProblemException) t).detail()))
                    .flatMap(outcome -> record(d, outcome));
        });
    }

    private DeliveryOutcome send(Delivery d, Endpoint e, ReportDocument doc) {
        return switch (d.channel()) {
            case "fhir" -> fhir.push(doc, e.fhirBaseUrl());
            case "mllp" -> mllp.send(hl7.oruR01(doc, new Hl7Renderer.Destination(e.receivingApplication(),
                    e.receivingFacility())), e.mllpHost(), e.mllpPort());
            default -> DeliveryOutcome.refused("unknown channel " + d.channel());
        };
    }

    private Uni<Void> record(Delivery d, DeliveryOutcome outcome) {
        if (outcome.delivered()) {
            Log.infof("pushed %s over %s (attempt %d)", d.reportId(), d.channel(), d.attempts());
            return repository.delivered(d.id());
        }
        int max = config.push().maxAttempts();
        boolean again = outcome.retriable() && d.attempts() < max;
        Log.warnf("push of %s over %s failed, %s: %s", d.reportId(), d.channel(),
                again ? "retry " + d.attempts() + " of " + (max - 1) : "giving up", outcome.error());
        return repository.attemptFailed(d.id(), outcome.error(), again ? backoff(d.attempts()) : null);
    }

    /** base x 2^(attempt-1), at most backoff-max. */
    Duration backoff(int attempt) {
        Duration base = config.push().backoffBase();
        long factor = 1L << Math.min(20, Math.max(0, attempt - 1));
        Duration d = base.multipliedBy(factor);
        return d.compareTo(config.push().backoffMax()) > 0 ? config.push().backoffMax() : d;
    }
}
