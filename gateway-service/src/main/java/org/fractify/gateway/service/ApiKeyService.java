package org.fractify.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.fractify.contracts.Ids;
import org.fractify.contracts.Requester;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.gateway.persistence.ApiKeyRepository;
import org.fractify.gateway.persistence.ApiKeyRepository.ApiKeyRow;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Issues, verifies and revokes API keys. A key is {@code frk_<id>_<secret>}; the store holds only
 * HMAC-SHA256(pepper, key), so a leaked database cannot be replayed without the installation's pepper.
 */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository repository;
    private final byte[] pepper;
    private final VerifiedKeys verified;

    public ApiKeyService(ApiKeyRepository repository, GatewayConfig config) {
        this.repository = repository;
        this.pepper = config.apiKeyPepper().getBytes(StandardCharsets.UTF_8);
        this.verified = new VerifiedKeys(config.apiKeys().cacheTtl(), config.apiKeys().cacheSize(), System::nanoTime);
        if (pepper.length < 16) {
            throw new IllegalStateException("fractify.gateway.api-key-pepper must be at least 16 characters");
        }
    }

    /** A new key, shown once. */
    public record IssuedKey(String id, String tenantId, String integration, String key) {
    }

    /** An issued key as the operator lists it: never the key itself. {@code revokedAt} is null while valid. */
    public record KeyInfo(String id, String tenantId, String integration, OffsetDateTime createdAt,
            OffsetDateTime revokedAt) {

        static KeyInfo of(ApiKeyRow row) {
            return new KeyInfo(row.id(), row.tenantId(), row.integration(), row.createdAt(), row.revokedAt());
        }
    }

    public Uni<IssuedKey> issue(String tenantId, String integration) {
        if (!validName(tenantId) || !validName(integration)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST,
                    "tenant_id and integration must be 1-64 characters of letters, digits, '.', '_' or '-'"));
        }
        String id = "key_" + Ids.token(12);
        String key = "frk_" + id.substring(4) + "_" + Ids.token(32);
        return repository.insert(id, tenantId, integration, hash(key))
                .replaceWith(new IssuedKey(id, tenantId, integration, key));
    }

    /**
     * The requester behind a presented key, or empty when the key is unknown or revoked. A key verified within
     * the last {@code api-keys.cache-ttl} is not looked up again, so a revocation made through another replica
     * (or in the database) takes effect here within that time; one made through this replica at once.
     */
    public Uni<Optional<Requester>> verify(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith("frk_") || presentedKey.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        String keyHash = hash(presentedKey);
        Optional<Requester> cached = verified.get(keyHash);
        if (cached.isPresent()) {
            return Uni.createFrom().item(cached);
        }
        long revocationsSeen = verified.revocationsSeen();
        return repository.findActiveByHash(keyHash).map(row -> row.map(r -> {
            Requester requester = new Requester(r.tenantId(), r.integration(), r.id());
            verified.put(keyHash, requester, revocationsSeen);
            return requester;
        }));
    }

    /**
     * Revokes a key; it stops working on this replica at once, on the others within the cache's TTL. An id that
     * is not of a key id's shape is a 400 before any query: it would reach a column (a NUL byte made the database
     * driver fail with a 500).
     */
    public Uni<Boolean> revoke(String id) {
        if (id == null || !id.matches("key_[A-Za-z0-9]{1,64}")) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST,
                    "'id' must be an API key id: key_ and up to 64 letters or digits"));
        }
        return repository.revoke(id).invoke(() -> verified.revoked(id));
    }

    /** The keys, of one tenant when given; a tenant id of another shape than issued ones is a 400. */
    public Uni<List<KeyInfo>> list(Optional<String> tenantId) {
        if (tenantId.isPresent() && !validName(tenantId.get())) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST,
                    "'tenant_id' must be 1-64 characters of letters, digits, '.', '_' or '-'"));
        }
        return repository.list(tenantId).map(rows -> rows.stream().map(KeyInfo::of).toList());
    }

    String hash(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean validName(String s) {
        return s != null && s.matches("[A-Za-z0-9._-]{1,64}");
    }
}
