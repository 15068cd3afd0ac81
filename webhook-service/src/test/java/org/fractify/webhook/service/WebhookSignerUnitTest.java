package org.fractify.webhook.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.fractify.problem.ProblemException;
import org.junit.jupiter.api.Test;

class WebhookSignerUnitTest {

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // the example of the Standard Webhooks specification, also produced by the standardwebhooks npm package
        String sig = WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}");
        assertThat(sig).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsWithEverySecretSpaceSeparated() {
        String a = WebhookSigner.newSecret();
        String b = WebhookSigner.newSecret();
        String header = WebhookSigner.signature(List.of(a, b), "msg_1", 1700000000L, "{}");
        assertThat(header.split(" ")).containsExactly(WebhookSigner.sign(a, "msg_1", 1700000000L, "{}"),
                WebhookSigner.sign(b, "msg_1", 1700000000L, "{}"));
    }

    @Test
    void secretsAreWhsecAndThirtyTwoRandomBytes() {
        String s = WebhookSigner.newSecret();
        assertThat(s).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(s.substring(6))).hasSize(32);
        assertThat(WebhookSigner.newSecret()).isNotEqualTo(s);
    }

    @Test
    void secretsAreEncryptedBoundToTheirSubscription() {
        SecretCipher cipher = SecretCipher.of(Base64.getEncoder().encodeToString(new byte[32]));
        String secret = WebhookSigner.newSecret();
        String stored = cipher.encrypt("wh_a", secret);
        assertThat(stored).startsWith("v1:").doesNotContain(secret.substring(6));
        assertThat(cipher.encrypt("wh_a", secret)).isNotEqualTo(stored); // fresh IV each time
        assertThat(cipher.decrypt("wh_a", stored)).isEqualTo(secret);
        assertThatThrownBy(() -> cipher.decrypt("wh_b", stored)).hasMessageNotContaining(secret);
        SecretCipher other = SecretCipher.of(Base64.getEncoder().encodeToString("another-key-another-key-another-".getBytes()));
        assertThatThrownBy(() -> other.decrypt("wh_a", stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingKeyRefusesToEncryptAndABadKeyRefusesToStart() {
        assertThatThrownBy(() -> new SecretCipher(Optional.empty()).encrypt("wh_a", "whsec_x"))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> SecretCipher.of("c2hvcnQ=")).hasMessageContaining("32 bytes");
    }
}
