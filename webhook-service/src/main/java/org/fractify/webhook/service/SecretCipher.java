package org.fractify.webhook.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.webhook.config.WebhookConfig;

/**
 * Encrypts signing secrets at rest with AES-256-GCM. The subscription id is the associated data, so a
 * ciphertext copied onto another row does not decrypt. Stored form: {@code v1:<base64(iv || ciphertext+tag)>};
 * the prefix leaves room for a future key rotation.
 */
@ApplicationScoped
@Startup
public class SecretCipher {

    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKeySpec> key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public SecretCipher(WebhookConfig config) {
        this(config.secretKey());
    }

    SecretCipher(Optional<String> base64Key) {
        this.key = base64Key.filter(k -> !k.isBlank()).map(SecretCipher::parse);
        if (key.isEmpty()) {
            Log.warn("FRACTIFY_WEBHOOK_SECRET_KEY is not set: webhooks cannot be created or signed until it is");
        }
    }

    /** Builds a cipher from a base64 key; for tests and tools. */
    public static SecretCipher of(String base64Key) {
        return new SecretCipher(Optional.of(base64Key));
    }

    private static SecretKeySpec parse(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("FRACTIFY_WEBHOOK_SECRET_KEY must be base64 (of 32 random bytes)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("FRACTIFY_WEBHOOK_SECRET_KEY must decode to 32 bytes, not " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    public boolean configured() {
        return key.isPresent();
    }

    public String encrypt(String subscriptionId, String secret) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = cipher(Cipher.ENCRYPT_MODE, iv, subscriptionId);
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a signing secret", e);
        }
    }

    public String decrypt(String subscriptionId, String stored) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new IllegalStateException("unknown secret format for subscription " + subscriptionId);
        }
        byte[] in = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(in, IV_BYTES), subscriptionId);
            return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // wrong key or tampered row; the message names neither the secret nor the key
            throw new IllegalStateException("cannot decrypt the signing secret of subscription " + subscriptionId);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String subscriptionId) throws GeneralSecurityException {
        SecretKeySpec k = key.orElseThrow(() -> new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "Webhook signing is not configured on this installation (FRACTIFY_WEBHOOK_SECRET_KEY)"));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, k, new GCMParameterSpec(TAG_BITS, iv));
        c.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
