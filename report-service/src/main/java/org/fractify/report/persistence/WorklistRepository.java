package org.fractify.report.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The triage worklist: one indexed query per page. Order is {@code triage_rank} (0 = urgency 5 ... 5 = no
 * urgency yet), then oldest first, then report id; the page continues strictly after the cursor's key, so
 * pages never overlap or skip under concurrent inserts. Served by index {@code report_worklist}.
 */
@ApplicationScoped
public class WorklistRepository {

    /** The page query; public so a test can EXPLAIN exactly what runs. */
    public static final String PAGE_SQL = """
            SELECT report_id, status, modality, patient_id, urgency, primary_condition, received_at, completed_at,
                   acknowledged_at, acknowledged_by_integration, acknowledged_by_key_id, triage_rank
              FROM report
             WHERE tenant_id = $1
               AND triage_rank BETWEEN $2 AND $3
               AND ($4::text IS NULL OR modality = $4)
               AND ($5::text[] IS NULL OR status = ANY($5))
               AND ($6::boolean IS NULL OR (acknowledged_at IS NOT NULL) = $6)
               AND ($7::timestamptz IS NULL OR received_at >= $7)
               AND ($8::timestamptz IS NULL OR received_at < $8)
               AND (triage_rank, received_at, report_id) > ($9, $10, $11)
             ORDER BY triage_rank, received_at, report_id
             LIMIT $12""";

    private final Pool pool;

    public WorklistRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * What to list.
     *
     * @param tenantId     the caller's tenant
     * @param rankMin      smallest triage rank (5 - highest urgency wanted)
     * @param rankMax      largest triage rank (5 - lowest urgency wanted; 5 includes reports without urgency)
     * @param modality     null for all
     * @param statuses     null for all
     * @param acknowledged null for both
     * @param from         inclusive lower bound of created_at, or null
     * @param to           exclusive upper bound of created_at, or null
     * @param after        the cursor's key, or null for the first page
     * @param limit        page size
     */
    public record Query(String tenantId, int rankMin, int rankMax, String modality, List<String> statuses,
            Boolean acknowledged, Instant from, Instant to, Key after, int limit) {
    }

    /** A position in the worklist order. */
    public record Key(int triageRank, Instant receivedAt, String reportId) {
        static final Key START = new Key(-1, Instant.parse("1970-01-01T00:00:00Z"), "");
    }

    /** One worklist row. */
    public record Item(String reportId, String status, String modality, String patientId, Integer urgency,
            String primaryCondition, Instant createdAt, Instant completedAt, Instant acknowledgedAt,
            String acknowledgedByIntegration, String acknowledgedByKeyId, Key key) {
    }

    public Uni<List<Item>> page(Query q) {
        Key after = q.after() == null ? Key.START : q.after();
        Tuple params = Tuple.tuple()
                .addString(q.tenantId())
                .addInteger(q.rankMin())
                .addInteger(q.rankMax())
                .addString(q.modality())
                .addArrayOfString(q.statuses() == null ? null : q.statuses().toArray(String[]::new))
                .addBoolean(q.acknowledged())
                .addOffsetDateTime(offset(q.from()))
                .addOffsetDateTime(offset(q.to()))
                .addInteger(after.triageRank())
                .addOffsetDateTime(offset(after.receivedAt()))
                .addString(after.reportId())
                .addInteger(q.limit());
        return pool.preparedQuery(PAGE_SQL).execute(params).map(rows -> {
            List<Item> items = new ArrayList<>();
            for (Row r : rows) {
                Instant received = r.getOffsetDateTime("received_at").toInstant();
                items.add(new Item(r.getString("report_id"), r.getString("status"), r.getString("modality"),
                        r.getString("patient_id"), r.getInteger("urgency"), r.getString("primary_condition"),
                        received, instant(r.getOffsetDateTime("completed_at")),
                        instant(r.getOffsetDateTime("acknowledged_at")), r.getString("acknowledged_by_integration"),
                        r.getString("acknowledged_by_key_id"),
                        new Key(r.getInteger("triage_rank"), received, r.getString("report_id"))));
            }
            return items;
        });
    }

    private static OffsetDateTime offset(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
