package org.fractify.webhook.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.fractify.contracts.Ids;
import org.fractify.contracts.ReportEvent;
import org.fractify.webhook.domain.WebhookEvent;
import org.fractify.webhook.mapping.WebhookPayloads;
import org.fractify.webhook.persistence.Delivery;
import org.fractify.webhook.persistence.DeliveryRepository;
import org.fractify.webhook.persistence.ProcessedEvent;
import org.fractify.webhook.persistence.Subscription;
import org.fractify.webhook.persistence.SubscriptionRepository;

/**
 * Turns a report event into deliveries: analysis.complete for every completed report, analysis.critical
 * as well when its urgency is 4 or 5, one delivery per enabled subscription of the tenant that wants the
 * event. The event id is recorded in the same transaction, so a re-consumed event creates nothing twice,
 * and the Kafka offset is committed only after that transaction.
 *
 * <p>Most reports belong to tenants with no subscription that wants them, so the subscriptions are read
 * first, without a transaction: such an event writes nothing (no deliveries, no processed-event row), and
 * consuming it again is just as harmless. The write transaction, which reads the subscriptions again under
 * its own snapshot, runs only for an event that has somewhere to go.
 */
@ApplicationScoped
public class DeliveryPlanner {

    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final WebhookPayloads payloads;
    private final RetrySchedule retry;

    public DeliveryPlanner(SubscriptionRepository subscriptions, DeliveryRepository deliveries, WebhookPayloads payloads,
            RetrySchedule retry) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.payloads = payloads;
        this.retry = retry;
    }

    /** Plans the event's deliveries; returns the lanes that got new work. */
    public Uni<Set<WebhookEvent.Lane>> plan(ReportEvent event) {
        if (!ReportEvent.COMPLETED.equals(event.type()) || event.eventId() == null || event.tenantId() == null) {
            return Uni.createFrom().item(Set.of()); // failed analyses have no webhook event
        }
        return Panache.withSession(() -> subscriptions.enabledForTenant(event.tenantId()))
                .flatMap(subs -> subs.stream().anyMatch(s -> wantsAny(s, event)) ? planInTransaction(event)
                        : Uni.createFrom().item(Set.<WebhookEvent.Lane>of()));
    }

    private static boolean wantsAny(Subscription s, ReportEvent event) {
        return s.wants(WebhookEvent.ANALYSIS_COMPLETE) || event.critical() && s.wants(WebhookEvent.ANALYSIS_CRITICAL);
    }

    private Uni<Set<WebhookEvent.Lane>> planInTransaction(ReportEvent event) {
        return Panache.withTransaction(() -> ProcessedEvent.<ProcessedEvent>findById(event.eventId()).flatMap(seen -> {
            if (seen != null) {
                return Uni.createFrom().item(Set.<WebhookEvent.Lane>of());
            }
            return ProcessedEvent.of(event.eventId()).persist()
                    .flatMap(ignored -> subscriptions.enabledForTenant(event.tenantId()))
                    .flatMap(subs -> {
                        List<Delivery> planned = new ArrayList<>();
                        Instant now = Instant.now();
                        for (Subscription s : subs) {
                            if (s.wants(WebhookEvent.ANALYSIS_COMPLETE)) {
                                planned.add(delivery(s, WebhookEvent.ANALYSIS_COMPLETE, event, now));
                            }
                            if (event.critical() && s.wants(WebhookEvent.ANALYSIS_CRITICAL)) {
                                planned.add(delivery(s, WebhookEvent.ANALYSIS_CRITICAL, event, now));
                            }
                        }
                        Set<WebhookEvent.Lane> lanes = EnumSet.noneOf(WebhookEvent.Lane.class);
                        planned.forEach(d -> lanes.add(d.lane.equals(WebhookEvent.Lane.CRITICAL.dbName())
                                ? WebhookEvent.Lane.CRITICAL : WebhookEvent.Lane.COMPLETE));
                        return planned.isEmpty() ? Uni.createFrom().item(lanes)
                                : deliveries.persist(planned).replaceWith(lanes);
                    });
        }));
    }

    private Delivery delivery(Subscription s, WebhookEvent type, ReportEvent event, Instant now) {
        String messageId = WebhookPayloads.messageId(event.eventId(), type);
        Instant eventAt = event.occurredAt() == null ? now : event.occurredAt();
        return Delivery.pending(Ids.prefixed("dlv_", 20), s.id, s.tenantId, type.wireName(), type.lane().dbName(),
                messageId, event.reportId(), payloads.analysis(type, messageId, event, s.thinPayload), eventAt, now,
                retry.horizon());
    }
}
