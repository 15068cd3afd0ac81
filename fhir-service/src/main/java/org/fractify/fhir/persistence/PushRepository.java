package org.fractify.fhir.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Push destinations per tenant and the deliveries owed to them (schema {@code fhir}). */
@ApplicationScoped
public class PushRepository {

    private final Pool pool;

    public PushRepository(Pool pool) {
        this.pool = pool;
    }

    /** A tenant's destinations; null fields are unused channels. */
    public record Endpoint(String tenantId, String fhirBaseUrl, String mllpHost, Integer mllpPort,
            String receivingApplication, String receivingFacility, OffsetDateTime updatedAt) {
    }

    /** A delivery claimed for an attempt. */
    public record Delivery(long id, String tenantId, String reportId, String channel, int attempts) {
    }

    /** A delivery as listed to operators. */
    public record DeliveryRow(long id, String reportId, String channel, String status, int attempts,
            OffsetDateTime nextAttemptAt, String lastError, OffsetDateTime createdAt, OffsetDateTime deliveredAt) {
    }

    public Uni<Optional<Endpoint>> endpoint(String tenantId) {
        return pool.preparedQuery("SELECT * FROM push_endpoint WHERE tenant_id = $1").execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(endpoint(rows.iterator().next())));
    }

    public Uni<Endpoint> save(Endpoint e) {
        return pool.preparedQuery("INSERT INTO push_endpoint (tenant_id, fhir_base_url, mllp_host, mllp_port, "
                + "receiving_application, receiving_facility, updated_at) VALUES ($1, $2, $3, $4, $5, $6, now()) "
                + "ON CONFLICT (tenant_id) DO UPDATE SET fhir_base_url = $2, mllp_host = $3, mllp_port = $4, "
                + "receiving_application = $5, receiving_facility = $6, updated_at = now() RETURNING *")
                .execute(Tuple.tuple().addString(e.tenantId()).addString(e.fhirBaseUrl()).addString(e.mllpHost())
                        .addInteger(e.mllpPort()).addString(e.receivingApplication()).addString(e.receivingFacility()))
                .map(rows -> endpoint(rows.iterator().next()));
    }

    public Uni<Boolean> delete(String tenantId) {
        return pool.preparedQuery("DELETE FROM push_endpoint WHERE tenant_id = $1").execute(Tuple.of(tenantId))
                .map(r -> r.rowCount() == 1);
    }

    /**
     * Queues a delivery of the report on each channel the tenant configured, in one statement; a redelivered
     * report event queues nothing new (unique per report and channel).
     */
    public Uni<Integer> enqueue(String tenantId, String reportId) {
        return pool.preparedQuery("""
                INSERT INTO push_delivery (tenant_id, report_id, channel)
                SELECT e.tenant_id, $2, c.channel FROM push_endpoint e
                  CROSS JOIN (VALUES ('fhir'), ('mllp')) AS c(channel)
                 WHERE e.tenant_id = $1
                   AND ((c.channel = 'fhir' AND e.fhir_base_url IS NOT NULL)
                     OR (c.channel = 'mllp' AND e.mllp_host IS NOT NULL))
                ON CONFLICT (report_id, channel) DO NOTHING""")
                .execute(Tuple.of(tenantId, reportId)).map(r -> r.rowCount());
    }

    /**
     * Claims due deliveries: counts the attempt and reserves the row for {@code lease}, so a sender that dies
     * mid-attempt is retried by whoever claims next. Rows locked by another instance are skipped.
     */
    public Uni<List<Delivery>> claimDue(int max, Duration lease) {
        return pool.preparedQuery("""
                UPDATE push_delivery d SET attempts = d.attempts + 1,
                       next_attempt_at = now() + make_interval(secs => $2)
                 WHERE d.id IN (SELECT id FROM push_delivery WHERE status = 'pending' AND next_attempt_at <= now()
                                 ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING d.id, d.tenant_id, d.report_id, d.channel, d.attempts""")
                .execute(Tuple.of(max, (double) lease.toSeconds()))
                .map(rows -> {
                    List<Delivery> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Delivery(r.getLong("id"), r.getString("tenant_id"),
                            r.getString("report_id"), r.getString("channel"), r.getInteger("attempts"))));
                    return list;
                });
    }

    public Uni<Void> delivered(long id) {
        return pool.preparedQuery("UPDATE push_delivery SET status = 'delivered', delivered_at = now(), "
                + "last_error = NULL WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Schedules another attempt after {@code delay}, or gives up ({@code failed}) when {@code delay} is null. */
    public Uni<Void> attemptFailed(long id, String error, Duration delay) {
        String message = error == null ? null : error.substring(0, Math.min(500, error.length()));
        if (delay == null) {
            return pool.preparedQuery("UPDATE push_delivery SET status = 'failed', last_error = $2 WHERE id = $1")
                    .execute(Tuple.of(id, message)).replaceWithVoid();
        }
        return pool.preparedQuery("UPDATE push_delivery SET last_error = $2, "
                + "next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1")
                .execute(Tuple.of(id, message, delay.toMillis() / 1000.0)).replaceWithVoid();
    }

    public Uni<List<DeliveryRow>> deliveries(String tenantId, int limit) {
        return pool.preparedQuery("SELECT * FROM push_delivery WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC "
                + "LIMIT $2").execute(Tuple.of(tenantId, limit)).map(rows -> {
                    List<DeliveryRow> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new DeliveryRow(r.getLong("id"), r.getString("report_id"),
                            r.getString("channel"), r.getString("status"), r.getInteger("attempts"),
                            r.getOffsetDateTime("next_attempt_at"), r.getString("last_error"),
                            r.getOffsetDateTime("created_at"), r.getOffsetDateTime("delivered_at"))));
                    return list;
                });
    }

    private static Endpoint endpoint(Row r) {
        return new Endpoint(r.getString("tenant_id"), r.getString("fhir_base_url"), r.getString("mllp_host"),
                r.getInteger("mllp_port"), r.getString("receiving_application"), r.getString("receiving_facility"),
                r.getOffsetDateTime("updated_at"));
    }
}
