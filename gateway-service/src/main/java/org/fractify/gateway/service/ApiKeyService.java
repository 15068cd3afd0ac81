package org.fractify.gateway.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final ApiKeyRepository repository;
    private final byte[] pepper;

    public ApiKeyService(ApiKeyRepository repository, GatewayConfig config) {
        this.repository = repository;
        this.pepper = config.apiKeyPepper().getBytes(StandardCharsets.UTF_8);
        if (pepper.length < 16) {
            throw new IllegalStateException("fractify.gateway.api-key-pepper must be at least 16 characters");
        }
    }

    /** A new key, shown once. */
    public record IssuedKey(String id, String tenantId, String integration, String key) {
    }

    public Uni<IssuedKey> issue(String tenantId, String integration) {
        if (!validName(tenantId) || !validName(integration)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_REQUEST,
                    "tenant_id and integration must be 1-64 characters of letters, digits, '.', '_' or '-'"));
        }
        String id = "key_" + randomToken(12);
        String key = "frk_" + id.substring(4) + "_" + randomToken(32);
        return repository.insert(id, tenantId, integration, hash(key))
                .replaceWith(new IssuedKey(id, tenantId, integration, key));
    }

    /** The caller behind a presented key, or empty when the key is unknown or revoked. */
    public Uni<Optional<Caller>> verify(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith("frk_") || presentedKey.length() > 100) {
            return Uni.createFrom().item(Optional.empty());
        }
        return repository.findActiveByHash(hash(presentedKey))
                .map(row -> row.map(r -> new Caller(r.tenantId(), r.integration(), r.id())));
    }

    public Uni<Boolean> revoke(String id) {
        return repository.revoke(id);
    }

    public Uni<List<ApiKeyRow>> list(Optional<String> tenantId) {
        return repository.list(tenantId);
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

    private static String randomToken(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
