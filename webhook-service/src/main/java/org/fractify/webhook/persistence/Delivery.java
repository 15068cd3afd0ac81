package org.fractify.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One message to one subscription, with the state of its delivery. The workers ({@code DeliveryQueue})
 * claim and update rows with SQL; this entity serves the API and the event fan-out.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String DEAD_LETTER = "dead_letter";

    @Id
    public String id;

    /** Insertion order, for the delivery log's cursor; assigned by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "subscription_id", nullable = false)
    public String subscriptionId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "message_id", nullable = false)
    public String messageId;

    @Column(name = "report_id")
    public String reportId;

    @Column(nullable = false)
    public String lane;

    @Column(nullable = false)
    public String payload;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(nullable = false)
    public int retries;

    @Column(nullable = false)
    public int replays;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "deadline_at", nullable = false)
    public Instant deadlineAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "response_code")
    public Integer responseCode;

    @Column(name = "latency_ms")
    public Integer latencyMs;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "event_at", nullable = false)
    public Instant eventAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** A new pending delivery, due now, dead-lettered if still undelivered after {@code horizon}. */
    public static Delivery pending(String id, String subscriptionId, String tenantId, String eventType, String lane,
            String messageId, String reportId, String payload, Instant eventAt, Instant now, java.time.Duration horizon) {
        Delivery d = new Delivery();
        d.id = id;
        d.subscriptionId = subscriptionId;
        d.tenantId = tenantId;
        d.eventType = eventType;
        d.lane = lane;
        d.messageId = messageId;
        d.reportId = reportId;
        d.payload = payload;
        d.status = PENDING;
        d.eventAt = eventAt;
        d.createdAt = now;
        d.nextAttemptAt = now;
        d.deadlineAt = now.plus(horizon);
        return d;
    }
}
