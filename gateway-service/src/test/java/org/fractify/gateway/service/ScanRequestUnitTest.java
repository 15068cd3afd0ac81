package org.fractify.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.junit.jupiter.api.Test;

/**
 * What the JSON parser refuses is a 400 naming what is wrong, never an internal error; and the parser's own
 * string limit (20 M characters by default) does not stop an image the documented 64 MiB body limit allows.
 */
class ScanRequestUnitTest {

    private static final ObjectMapper MAPPER = ScanRequest.parserFor(new ObjectMapper(), 64L * 1024 * 1024);
    private static final String VALID = "\"image_base64\":\"aGVsbG8=\",\"modality\":\"chest_xray\",\"patient_id\":\"P\"";

    private static ProblemException refusal(String body) {
        try {
            ScanRequest.parse(body.getBytes(StandardCharsets.UTF_8), MAPPER);
        } catch (ProblemException e) {
            return e;
        }
        throw new AssertionError("accepted: " + body.substring(0, Math.min(80, body.length())));
    }

    @Test
    void aNumberOfAHundredThousandDigitsIsMalformedJson() {
        ProblemException e = refusal("{" + VALID + ",\"x\":" + "1".repeat(100_000) + "}");
        assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(e.getMessage()).containsIgnoringCase("number");
    }

    @Test
    void nestingDeeperThanAThousandIsMalformedJson() {
        ProblemException e = refusal("{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500));
        assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(e.getMessage()).containsIgnoringCase("nesting");
    }

    @Test
    void aFieldNameOverFiftyThousandCharactersIsMalformedJson() {
        ProblemException e = refusal("{\"" + "k".repeat(60_000) + "\":1," + VALID + "}");
        assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(e.getMessage()).containsIgnoringCase("name");
    }

    @Test
    void aStringOverTwentyMillionCharactersIsReadAsTheImageItIs() {
        // 21 M base64 characters are a 15.75 MB image, well inside the 64 MiB body limit: the parser must
        // hand it on, and what follows judges the image (here: zero bytes are no image format)
        String body = "{\"image_base64\":\"" + "A".repeat(21_000_000) + "\",\"modality\":\"chest_xray\",\"patient_id\":\"P\"}";
        ScanRequest request = ScanRequest.parse(body.getBytes(StandardCharsets.UTF_8), MAPPER);
        assertThat(request.image()).hasSize(15_750_000);
    }

    @Test
    void duplicateKeysAndTrailingGarbageAreRefused() {
        assertThat(refusal("{" + VALID + ",\"modality\":\"dental\"}").type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(refusal("{" + VALID + "} trailing").type()).isEqualTo(ProblemType.MALFORMED_JSON);
    }

    @Test
    void aBodyThatIsNotJsonSaysWhere() {
        assertThatThrownBy(() -> ScanRequest.parse("{\"a\":}".getBytes(StandardCharsets.UTF_8), MAPPER))
                .isInstanceOf(ProblemException.class).hasMessageContaining("line 1");
    }

    /** The parser's own message quotes the body; 4xx details are logged, so the problem says only where. */
    @Test
    void aMalformedBodyIsNotQuotedBack() {
        ProblemException e = refusal("{\"patient_id\": PTSECRET42, \"modality\":\"chest_xray\"}");
        assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(e.getMessage()).contains("line 1").doesNotContain("SECRET");
    }
}
