package org.fractify.webhook.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.fractify.webhook.persistence.Delivery;
import org.fractify.webhook.persistence.DeliveryQueue;
import org.fractify.webhook.persistence.Subscription;

/** The JSON shapes of the webhook API (snake_case on the wire). Secrets appear only where noted. */
public final class WebhookViews {

    private WebhookViews() {
    }

    /**
     * A webhook. {@code secret} is present only in the answer that created it; {@code paused_until} is set
     * while its endpoint keeps failing.
     */
    public record Webhook(String id, String url, List<String> events, boolean enabled, String description,
            boolean thinPayload, Instant createdAt, Instant updatedAt, Instant secretRotatedAt,
            Instant previousSecretExpiresAt, Instant pausedUntil, int consecutiveFailures,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
    }

    public record WebhookList(List<Webhook> items) {
    }

    /** The answer to a rotation: the new secret, shown once. */
    public record RotatedSecret(String id, String secret, Instant previousSecretExpiresAt) {
    }

    /** One attempt of a delivery. */
    public record Attempt(int attempt, Instant at, Integer responseCode, Integer latencyMs, String outcome, String error) {
    }

    /** A delivery in the log: the last attempt's response code and latency, and the attempt log when asked for one delivery. */
    public record DeliveryView(String id, String webhookId, String event, String eventId, String reportId, String status,
            int attempts, Integer responseCode, Integer latencyMs, String lastError, Instant createdAt,
            Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt, int replays,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Attempt> attemptLog) {
    }

    public record DeliveryPage(List<DeliveryView> items, String nextCursor) {
    }

    public static Webhook of(Subscription s, String secret) {
        Instant paused = s.pausedUntil != null && s.pausedUntil.isAfter(Instant.now()) ? s.pausedUntil : null;
        Instant previous = s.previousSecretExpiresAt != null && s.previousSecretExpiresAt.isAfter(Instant.now())
                ? s.previousSecretExpiresAt : null;
        return new Webhook(s.id, s.url, s.eventList(), s.enabled, s.description, s.thinPayload, s.createdAt, s.updatedAt,
                s.secretRotatedAt, previous, paused, s.consecutiveFailures, secret);
    }

    public static DeliveryView of(Delivery d, List<DeliveryQueue.Attempt> attempts) {
        List<Attempt> log = attempts == null ? null : attempts.stream()
                .map(a -> new Attempt(a.attempt(), a.startedAt(), a.responseCode(), a.latencyMs(), a.outcome(), a.error()))
                .toList();
        return new DeliveryView(d.id, d.subscriptionId, d.eventType, d.messageId, d.reportId, d.status, d.attempts,
                d.responseCode, d.latencyMs, d.lastError, d.createdAt, d.lastAttemptAt,
                Delivery.PENDING.equals(d.status) ? d.nextAttemptAt : null, d.deliveredAt, d.replays, log);
    }
}
