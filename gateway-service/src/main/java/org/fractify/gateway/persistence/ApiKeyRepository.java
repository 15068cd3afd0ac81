package org.fractify.gateway.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** API keys in the gateway's own schema; looked up by hash only. */
@ApplicationScoped
public class ApiKeyRepository {

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** An API key row. {@code revokedAt} is null while the key is valid. */
    public record ApiKeyRow(String id, String tenantId, String integration, OffsetDateTime createdAt,
            OffsetDateTime revokedAt) {
    }

    public Uni<Optional<ApiKeyRow>> findActiveByHash(String keyHash) {
        return pool.preparedQuery("SELECT id, tenant_id, integration, created_at, revoked_at FROM api_key "
                + "WHERE key_hash = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(keyHash))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    public Uni<Void> insert(String id, String tenantId, String integration, String keyHash) {
        return pool.preparedQuery("INSERT INTO api_key (id, tenant_id, integration, key_hash) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(id, tenantId, integration, keyHash))
                .replaceWithVoid();
    }

    /** Revokes a key; true when a valid key was revoked. */
    public Uni<Boolean> revoke(String id) {
        return pool.preparedQuery("UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(id))
                .map(r -> r.rowCount() == 1);
    }

    public Uni<List<ApiKeyRow>> list(Optional<String> tenantId) {
        return pool.preparedQuery("SELECT id, tenant_id, integration, created_at, revoked_at FROM api_key "
                + "WHERE ($1::text IS NULL OR tenant_id = $1) ORDER BY created_at")
                .execute(Tuple.of(tenantId.orElse(null)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(ApiKeyRepository::toRow).toList());
    }

    private static ApiKeyRow toRow(Row r) {
        return new ApiKeyRow(r.getString("id"), r.getString("tenant_id"), r.getString("integration"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("revoked_at"));
    }
}
