package org.fractify.webhook.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the signature is
 * {@code v1,base64(HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>"))}, the key being the bytes
 * of the secret's base64 after {@code whsec_}. Several secrets (during a rotation) give several signatures,
 * space-separated, and a receiver accepts the message if any one matches.
 */
public final class WebhookSigner {

    /** The prefix of every secret in the Standard Webhooks form. */
    public static final String SECRET_PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSigner() {
    }

    /** A new random secret, {@code whsec_} + base64 of 32 bytes. */
    public static String newSecret() {
        byte[] raw = new byte[SECRET_BYTES];
        RANDOM.nextBytes(raw);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(raw);
    }

    /** The {@code webhook-signature} header value for a message signed with each of {@code secrets}. */
    public static String signature(List<String> secrets, String messageId, long timestampSeconds, String body) {
        return secrets.stream().map(s -> sign(s, messageId, timestampSeconds, body)).collect(Collectors.joining(" "));
    }

    /** One {@code v1,...} signature. */
    public static String sign(String secret, String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] keyBytes(String secret) {
        String b64 = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(b64);
    }
}
