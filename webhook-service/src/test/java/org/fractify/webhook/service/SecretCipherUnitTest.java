package org.fractify.webhook.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;
import org.fractify.problem.ProblemException;
import org.fractify.webhook.client.WebhookSigner;
import org.junit.jupiter.api.Test;

class SecretCipherUnitTest {

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
