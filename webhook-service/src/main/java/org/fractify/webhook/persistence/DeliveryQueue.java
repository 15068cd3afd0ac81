package org.fractify.webhook.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The delivery workers' side of the {@code delivery} table, in SQL: set-based claims that Panache cannot
 * express. A claim takes due rows with {@code FOR UPDATE SKIP LOCKED} (so replicas never take the same
 * row) and leases them until the attempt's timeout has surely passed; nothing is held open during the
 * HTTP call, and a worker that dies leaves a lease that simply expires, after which the row is due again.
 * Claims respect a per-subscription limit counted over live leases of all replicas, and skip paused or
 * disabled subscriptions.
 */
@ApplicationScoped
public class DeliveryQueue {

    /** A claimed delivery with what is needed to send it. */
    public record Claimed(String id, String subscriptionId, String tenantId, String eventType, String messageId,
            String payload, int attempts, int retries, Instant deadlineAt, Instant eventAt, String url,
            String secretEnc, String previousSecretEnc, Instant previousSecretExpiresAt) {
    }

    /** One row of the attempt log. */
    public record Attempt(int attempt, Instant startedAt, Integer responseCode, Integer latencyMs, String outcome,
            String error) {
    }

    /** What became of an attempt. */
    public record Outcome(String status, int retries, Instant nextAttemptAt, Instant startedAt, Integer responseCode,
            Integer latencyMs, String error, boolean countsAsFailure) {
    }

    private static final String CLAIM = """
            WITH due AS (
                SELECT d.subscription_id, min(d.next_attempt_at) AS oldest
                FROM delivery d
                WHERE d.status = 'pending' AND d.lane = $1::varchar AND d.next_attempt_at <= now()
                  AND (d.lease_until IS NULL OR d.lease_until <= now())
                GROUP BY d.subscription_id
            ), open_endpoints AS (
                SELECT s.id, due.oldest,
                       (CASE WHEN s.consecutive_failures >= $2 THEN 1 ELSE $3 END)
                       - (SELECT count(*) FROM delivery f
                          WHERE f.subscription_id = s.id AND f.lane = $1 AND f.status = 'pending'
                            AND f.lease_until > now()) AS free
                FROM due JOIN subscription s ON s.id = due.subscription_id
                WHERE s.enabled AND (s.paused_until IS NULL OR s.paused_until <= now())
            ), picked AS (
                SELECT x.id
                FROM (SELECT * FROM open_endpoints WHERE free > 0 ORDER BY oldest LIMIT $4) e
                CROSS JOIN LATERAL (
                    SELECT d.id FROM delivery d
                    WHERE d.subscription_id = e.id AND d.lane = $1 AND d.status = 'pending'
                      AND d.next_attempt_at <= now() AND (d.lease_until IS NULL OR d.lease_until <= now())
                    ORDER BY d.next_attempt_at, d.seq
                    LIMIT e.free
                    FOR UPDATE OF d SKIP LOCKED) x
                LIMIT $4
            )
            UPDATE delivery d SET lease_until = now() + make_interval(secs => $5)
            FROM picked p, subscription s
            WHERE d.id = p.id AND s.id = d.subscription_id
            RETURNING d.id, d.subscription_id, d.tenant_id, d.event_type, d.message_id, d.payload, d.attempts,
                      d.retries, d.deadline_at, d.event_at, s.url, s.secret_enc, s.previous_secret_enc,
                      s.previous_secret_expires_at
            """;

    private static final String RECORD = """
            UPDATE delivery SET attempts = attempts + 1, retries = $2, status = $3::varchar, next_attempt_at = $4,
                   lease_until = NULL, last_attempt_at = $5, response_code = $6, latency_ms = $7, last_error = $8,
                   delivered_at = CASE WHEN $3::varchar = 'delivered' THEN now() ELSE delivered_at END
            WHERE id = $1 AND status = 'pending'
            RETURNING attempts, subscription_id
            """;

    private static final String ATTEMPT = """
            INSERT INTO delivery_attempt (delivery_id, attempt, started_at, response_code, latency_ms, outcome, error)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
            """;

    private static final String SUCCEEDED = """
            UPDATE subscription SET consecutive_failures = 0, paused_until = NULL
            WHERE id = $1 AND (consecutive_failures <> 0 OR paused_until IS NOT NULL)
            """;

    // Pauses once the threshold is reached; each further failure (a failed probe) doubles the pause.
    private static final String FAILED = """
            UPDATE subscription SET consecutive_failures = consecutive_failures + 1,
                   paused_until = CASE WHEN consecutive_failures + 1 >= $2
                       THEN now() + make_interval(secs => least($4, $3 * power(2, least(consecutive_failures + 1 - $2, 30))))
                       ELSE paused_until END
            WHERE id = $1
            """;

    private final Pool pool;

    public DeliveryQueue(Pool pool) {
        this.pool = pool;
    }

    /**
     * Leases up to {@code max} due deliveries of {@code lane}, at most {@code perEndpoint} in flight per
     * subscription (1 while a subscription is failing: a probe), oldest first across subscriptions.
     */
    public Uni<List<Claimed>> claim(String lane, int max, int perEndpoint, int failureThreshold, Duration lease) {
        if (max <= 0) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.from(Arrays.asList(lane, failureThreshold, perEndpoint, max, lease.toMillis() / 1000.0)))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Claimed(r.getString("id"), r.getString("subscription_id"), r.getString("tenant_id"),
                                r.getString("event_type"), r.getString("message_id"), r.getString("payload"),
                                r.getInteger("attempts"), r.getInteger("retries"), instant(r, "deadline_at"),
                                instant(r, "event_at"), r.getString("url"), r.getString("secret_enc"),
                                r.getString("previous_secret_enc"), instant(r, "previous_secret_expires_at")));
                    }
                    return out;
                });
    }

    /** Records an attempt: the delivery's new state, the attempt log row and the subscription's health, in one transaction. */
    public Uni<Void> record(Claimed d, Outcome o, int failureThreshold, Duration pause, Duration maxPause) {
        return pool.withTransaction(tx -> tx.preparedQuery(RECORD)
                .execute(Tuple.from(Arrays.asList(d.id(), o.retries(), o.status(), odt(o.nextAttemptAt()),
                        odt(o.startedAt()), o.responseCode(), o.latencyMs(), truncate(o.error()))))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().voidItem(); // deleted or replayed meanwhile: nothing to record
                    }
                    int attempt = rows.iterator().next().getInteger("attempts");
                    return tx.preparedQuery(ATTEMPT)
                            .execute(Tuple.from(Arrays.asList(d.id(), attempt, odt(o.startedAt()), o.responseCode(),
                                    o.latencyMs(), o.status().equals("pending") ? "retry" : o.status(),
                                    truncate(o.error()))))
                            .flatMap(ignored -> health(tx, d.subscriptionId(), o, failureThreshold, pause, maxPause));
                }));
    }

    private static Uni<Void> health(SqlClient tx, String subscriptionId, Outcome o, int threshold, Duration pause,
            Duration maxPause) {
        if (o.status().equals("delivered")) {
            return tx.preparedQuery(SUCCEEDED).execute(Tuple.of(subscriptionId)).replaceWithVoid();
        }
        if (!o.countsAsFailure()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(FAILED).execute(Tuple.from(Arrays.asList(subscriptionId, threshold,
                pause.toMillis() / 1000.0, maxPause.toMillis() / 1000.0))).replaceWithVoid();
    }

    /** Gives a claimed delivery back untouched (the worker could not start it). */
    public Uni<Void> release(String deliveryId) {
        return pool.preparedQuery("UPDATE delivery SET lease_until = NULL WHERE id = $1 AND status = 'pending'")
                .execute(Tuple.of(deliveryId)).replaceWithVoid();
    }

    /** Dead-letters pending deliveries whose horizon has passed without a try (paused or disabled endpoint). */
    public Uni<Integer> expire() {
        return pool.preparedQuery("""
                UPDATE delivery SET status = 'dead_letter', lease_until = NULL,
                       last_error = coalesce(last_error, 'retry horizon passed before the endpoint could be tried')
                WHERE status = 'pending' AND deadline_at < now() AND (lease_until IS NULL OR lease_until <= now())
                """).execute().map(RowSet::rowCount);
    }

    /** Deletes delivered deliveries (and their payloads) created before {@code before}. */
    public Uni<Integer> purgeDelivered(Instant before) {
        return pool.preparedQuery("DELETE FROM delivery WHERE status = 'delivered' AND created_at < $1")
                .execute(Tuple.of(odt(before))).map(RowSet::rowCount);
    }

    /** The attempt log of a delivery, oldest first. */
    public Uni<List<Attempt>> attempts(String deliveryId) {
        return pool.preparedQuery("""
                SELECT attempt, started_at, response_code, latency_ms, outcome, error FROM delivery_attempt
                WHERE delivery_id = $1 ORDER BY attempt
                """).execute(Tuple.of(deliveryId)).map(rows -> {
            List<Attempt> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Attempt(r.getInteger("attempt"), instant(r, "started_at"), r.getInteger("response_code"),
                        r.getInteger("latency_ms"), r.getString("outcome"), r.getString("error")));
            }
            return out;
        });
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime odt(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
