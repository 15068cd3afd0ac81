package org.fractify.webhook.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
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
}
