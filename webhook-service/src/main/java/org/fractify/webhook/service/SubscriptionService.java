package org.fractify.webhook.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fractify.contracts.Ids;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.webhook.client.EndpointGuard;
import org.fractify.webhook.client.WebhookSigner;
import org.fractify.webhook.config.WebhookConfig;
import org.fractify.webhook.domain.WebhookEvent;
import org.fractify.webhook.mapping.WebhookPayloads;
import org.fractify.webhook.mapping.WebhookViews;
import org.fractify.webhook.persistence.Delivery;
import org.fractify.webhook.persistence.DeliveryQueue;
import org.fractify.webhook.persistence.DeliveryRepository;
import org.fractify.webhook.persistence.Subscription;
import org.fractify.webhook.persistence.SubscriptionRepository;

/**
 * A tenant's webhooks: create (the secret is generated and shown once), read, update, delete, rotate the
 * secret, send a test event, read the delivery log and replay a delivery. Every operation names its
 * tenant; another tenant's webhook is indistinguishable from a missing one.
 */
@ApplicationScoped
public class SubscriptionService {

    /** Bounds the fan-out of one report event. */
    static final int MAX_WEBHOOKS_PER_TENANT = 50;
    private static final Set<String> STATUSES = Set.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.DEAD_LETTER);
    private static final long MAX_GRACE_SECONDS = 7 * 24 * 3600;

    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final DeliveryQueue queue;
    private final EndpointGuard guard;
    private final SecretCipher cipher;
    private final WebhookPayloads payloads;
    private final RetrySchedule retry;
    private final DeliveryDispatcher dispatcher;
    private final WebhookConfig config;
    private final Vertx vertx;

    public SubscriptionService(SubscriptionRepository subscriptions, DeliveryRepository deliveries, DeliveryQueue queue,
            EndpointGuard guard, SecretCipher cipher, WebhookPayloads payloads, RetrySchedule retry,
            DeliveryDispatcher dispatcher, WebhookConfig config, Vertx vertx) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.queue = queue;
        this.guard = guard;
        this.cipher = cipher;
        this.payloads = payloads;
        this.retry = retry;
        this.dispatcher = dispatcher;
        this.config = config;
        this.vertx = vertx;
    }

    public Uni<WebhookViews.Webhook> create(String tenantId, JsonNode body) {
        WebhookChanges changes = WebhookChanges.parse(body, true);
        if (!cipher.configured()) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "webhook signing is not configured (FRACTIFY_WEBHOOK_SECRET_KEY)");
        }
        String url = changes.url().orElseThrow();
        return checkUrl(url).flatMap(ok -> Panache.withTransaction(() -> subscriptions.count("tenantId", tenantId)
                .flatMap(count -> {
                    if (count >= MAX_WEBHOOKS_PER_TENANT) {
                        throw new ProblemException(ProblemType.WEBHOOK_CONFLICT,
                                "a tenant may have at most " + MAX_WEBHOOKS_PER_TENANT + " webhooks");
                    }
                    Instant now = Instant.now();
                    Subscription s = new Subscription();
                    s.id = Ids.prefixed("wh_", 20);
                    s.tenantId = tenantId;
                    s.url = url;
                    s.events = String.join(",", changes.events().orElseThrow());
                    s.enabled = changes.enabled().orElse(true);
                    s.description = changes.description().flatMap(d -> d).orElse(null);
                    s.thinPayload = changes.thinPayload().orElse(false);
                    String secret = WebhookSigner.newSecret();
                    s.secretEnc = cipher.encrypt(s.id, secret);
                    s.createdAt = now;
                    s.updatedAt = now;
                    return subscriptions.persist(s).map(saved -> WebhookViews.of(saved, secret));
                })));
    }

    @WithSession
    public Uni<List<WebhookViews.Webhook>> list(String tenantId) {
        return subscriptions.listForTenant(tenantId).map(all -> all.stream().map(s -> WebhookViews.of(s, null)).toList());
    }

    @WithSession
    public Uni<WebhookViews.Webhook> get(String tenantId, String id) {
        return find(tenantId, id).map(s -> WebhookViews.of(s, null));
    }

    public Uni<WebhookViews.Webhook> update(String tenantId, String id, JsonNode body) {
        WebhookChanges changes = WebhookChanges.parse(body, false);
        Uni<Void> checked = changes.url().map(this::checkUrl).orElse(Uni.createFrom().voidItem());
        return checked.flatMap(ok -> Panache.withTransaction(() -> find(tenantId, id).map(s -> {
            boolean resume = changes.url().filter(u -> !u.equals(s.url)).isPresent()
                    || changes.enabled().filter(e -> e && !s.enabled).isPresent();
            changes.url().ifPresent(u -> s.url = u);
            changes.events().ifPresent(e -> s.events = String.join(",", e));
            changes.enabled().ifPresent(e -> s.enabled = e);
            changes.description().ifPresent(d -> s.description = d.orElse(null));
            changes.thinPayload().ifPresent(t -> s.thinPayload = t);
            if (resume) { // a new URL or a re-enabled webhook starts with a clean record
                s.pausedUntil = null;
                s.consecutiveFailures = 0;
            }
            s.updatedAt = Instant.now();
            return s;
        }))).map(s -> {
            dispatcher.wakeAll();
            return WebhookViews.of(s, null);
        });
    }

    public Uni<Void> delete(String tenantId, String id) {
        // deliveries and attempts go with it (ON DELETE CASCADE)
        return Panache.withTransaction(() -> find(tenantId, id).flatMap(subscriptions::delete));
    }

    public Uni<WebhookViews.RotatedSecret> rotate(String tenantId, String id, JsonNode body) {
        Duration grace = grace(body);
        return Panache.withTransaction(() -> find(tenantId, id).map(s -> {
            Instant now = Instant.now();
            String secret = WebhookSigner.newSecret();
            if (grace.isZero()) {
                s.previousSecretEnc = null;
                s.previousSecretExpiresAt = null;
            } else {
                s.previousSecretEnc = s.secretEnc;
                s.previousSecretExpiresAt = now.plus(grace);
            }
            s.secretEnc = cipher.encrypt(s.id, secret);
            s.secretRotatedAt = now;
            s.updatedAt = now;
            return new WebhookViews.RotatedSecret(s.id, secret, s.previousSecretExpiresAt);
        }));
    }

    /** Queues a webhook.test event on the critical lane. */
    public Uni<WebhookViews.DeliveryView> test(String tenantId, String id) {
        return Panache.withTransaction(() -> find(tenantId, id).flatMap(s -> {
            requireEnabled(s);
            Instant now = Instant.now();
            String messageId = Ids.prefixed("msg_", 24);
            Delivery d = Delivery.pending(Ids.prefixed("dlv_", 20), s.id, tenantId, WebhookEvent.TEST.wireName(),
                    WebhookEvent.TEST.lane().dbName(), messageId, null, payloads.test(messageId, s.id, now), now, now,
                    retry.horizon());
            s.pausedUntil = null; // an explicit test is also a probe
            return deliveries.persist(d);
        })).map(d -> {
            dispatcher.wake(WebhookEvent.Lane.CRITICAL);
            return WebhookViews.of(d, null);
        });
    }

    @WithSession
    public Uni<WebhookViews.DeliveryPage> deliveries(String tenantId, String id, String status, String cursor, Integer limit) {
        Optional<String> statusFilter = Optional.ofNullable(status).filter(s -> !s.isBlank());
        if (statusFilter.isPresent() && !STATUSES.contains(statusFilter.get())) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "'status' must be one of pending, delivered, dead_letter");
        }
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 200) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "'limit' must be between 1 and 200");
        }
        Optional<Long> before;
        try {
            before = Optional.ofNullable(cursor).filter(c -> !c.isBlank()).map(Long::parseLong);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "'cursor' is not a cursor this API returned");
        }
        return find(tenantId, id).flatMap(s -> deliveries.page(tenantId, id, statusFilter, before, size)).map(page -> {
            String next = page.size() == size ? String.valueOf(page.get(page.size() - 1).seq) : null;
            return new WebhookViews.DeliveryPage(page.stream().map(d -> WebhookViews.of(d, null)).toList(), next);
        });
    }

    @WithSession
    public Uni<WebhookViews.DeliveryView> delivery(String tenantId, String id, String deliveryId) {
        return findDelivery(tenantId, id, deliveryId)
                .flatMap(d -> queue.attempts(d.id).map(attempts -> WebhookViews.of(d, attempts)));
    }

    /** Sends a delivered or dead-lettered message again, same id and body, with a fresh retry horizon. */
    public Uni<WebhookViews.DeliveryView> replay(String tenantId, String id, String deliveryId) {
        return Panache.withTransaction(() -> find(tenantId, id).flatMap(s -> findDelivery(tenantId, id, deliveryId).map(d -> {
            requireEnabled(s);
            if (Delivery.PENDING.equals(d.status)) {
                throw new ProblemException(ProblemType.WEBHOOK_CONFLICT, "delivery " + deliveryId
                        + " is still pending; it is retried on its schedule");
            }
            Instant now = Instant.now();
            d.status = Delivery.PENDING;
            d.retries = 0;
            d.replays++;
            d.nextAttemptAt = now;
            d.deadlineAt = now.plus(retry.horizon());
            d.leaseUntil = null;
            d.deliveredAt = null;
            s.pausedUntil = null; // the owner says the endpoint is fixed: let it be probed at once
            return d;
        }))).map(d -> {
            dispatcher.wake(WebhookEvent.Lane.CRITICAL.dbName().equals(d.lane)
                    ? WebhookEvent.Lane.CRITICAL : WebhookEvent.Lane.COMPLETE);
            return WebhookViews.of(d, null);
        });
    }

    private Uni<Subscription> find(String tenantId, String id) {
        return subscriptions.findForTenant(tenantId, id).map(s -> {
            if (s == null) {
                throw new ProblemException(ProblemType.WEBHOOK_NOT_FOUND, "No webhook " + id);
            }
            return s;
        });
    }

    private Uni<Delivery> findDelivery(String tenantId, String id, String deliveryId) {
        return find(tenantId, id).flatMap(s -> deliveries.findForSubscription(tenantId, id, deliveryId)).map(d -> {
            if (d == null) {
                throw new ProblemException(ProblemType.WEBHOOK_DELIVERY_NOT_FOUND, "No delivery " + deliveryId
                        + " for webhook " + id);
            }
            return d;
        });
    }

    private static void requireEnabled(Subscription s) {
        if (!s.enabled) {
            throw new ProblemException(ProblemType.WEBHOOK_CONFLICT, "webhook " + s.id + " is disabled; enable it first");
        }
    }

    private Duration grace(JsonNode body) {
        if (body == null || body.isNull() || (body.isObject() && body.isEmpty())) {
            return config.rotationGrace();
        }
        if (!body.isObject() || body.size() != 1 || !body.has("grace_period_seconds")
                || !body.get("grace_period_seconds").canConvertToLong()
                || body.get("grace_period_seconds").asLong() < 0 || body.get("grace_period_seconds").asLong() > MAX_GRACE_SECONDS) {
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    "the body may only hold 'grace_period_seconds', an integer from 0 to " + MAX_GRACE_SECONDS);
        }
        return Duration.ofSeconds(body.get("grace_period_seconds").asLong());
    }

    /** Runs the SSRF guard (DNS included) off the event loop and turns a refusal into a 422 problem. */
    private Uni<Void> checkUrl(String url) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                guard.resolve(url);
                return null;
            } catch (EndpointGuard.Refused e) {
                throw new ProblemException(ProblemType.WEBHOOK_URL_REFUSED, e.getMessage());
            } catch (UnknownHostException e) {
                throw new ProblemException(ProblemType.WEBHOOK_URL_REFUSED, "url host does not resolve");
            }
        }), false).replaceWithVoid();
    }
}
