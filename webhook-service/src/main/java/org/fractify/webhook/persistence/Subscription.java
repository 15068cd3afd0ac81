package org.fractify.webhook.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.fractify.webhook.domain.WebhookEvent;
import org.hibernate.annotations.DynamicUpdate;

/** A tenant's webhook: where to POST which events, and its signing secrets (encrypted). */
@Entity
@DynamicUpdate // the workers update the health columns with SQL; an API edit must not write them back
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(nullable = false)
    public String url;

    /** Comma-separated wire names; see {@link #eventList()}. */
    @Column(nullable = false)
    public String events;

    @Column(nullable = false)
    public boolean enabled;

    public String description;

    @Column(name = "thin_payload", nullable = false)
    public boolean thinPayload;

    @Column(name = "secret_enc", nullable = false)
    public String secretEnc;

    @Column(name = "previous_secret_enc")
    public String previousSecretEnc;

    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;

    @Column(name = "secret_rotated_at")
    public Instant secretRotatedAt;

    @Column(name = "consecutive_failures", nullable = false)
    public int consecutiveFailures;

    @Column(name = "paused_until")
    public Instant pausedUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public int version;

    public List<String> eventList() {
        return Arrays.stream(events.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean wants(WebhookEvent event) {
        return eventList().contains(event.wireName());
    }
}
