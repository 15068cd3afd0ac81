package org.fractify.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.fractify.dicom.internal.CodecException;
import org.fractify.dicom.internal.JpegLsDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The T.87 decoder reproduces CharLS exactly in every interleave mode, lossless and near-lossless. */
class JpegLsDecoderTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = JpegLsDecoderTest.class.getResourceAsStream("/jpegls/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jls_8b_1c_ilv0_near0", "jls_8b_1c_ilv0_near3", "jls_8b_3c_ilv0_near0",
        "jls_8b_3c_ilv0_near3", "jls_8b_3c_ilv1_near0", "jls_8b_3c_ilv1_near3", "jls_8b_3c_ilv2_near0",
        "jls_8b_3c_ilv2_near3", "jls_12b_1c_ilv0_near0", "jls_12b_1c_ilv0_near3", "jls_12b_3c_ilv0_near0",
        "jls_12b_3c_ilv0_near3", "jls_12b_3c_ilv1_near0", "jls_12b_3c_ilv1_near3", "jls_12b_3c_ilv2_near0",
        "jls_12b_3c_ilv2_near3"})
    void matchesCharLs(String name) throws IOException {
        int components = name.contains("_3c_") ? 3 : 1;
        byte[] stream = resource(name + ".jls");
        byte[] raw = resource(name + ".expected");
        int[] expected = new int[raw.length / 2];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
        }
        assertThat(JpegLsDecoder.decode(stream, 21, 33, components)).isEqualTo(expected);

        // Damage: a truncated stream and trailing garbage are both refused.
        assertThatThrownBy(() -> JpegLsDecoder.decode(Arrays.copyOf(stream, stream.length / 2), 21, 33, components))
                .isInstanceOf(CodecException.class);
        byte[] flipped = stream.clone();
        for (int i = stream.length / 3; i < stream.length - 2; i += 7) {
            flipped[i] ^= 0x55;
        }
        try {
            int[] v = JpegLsDecoder.decode(flipped, 21, 33, components);
            assertThat(v).isNotEqualTo(expected);
        } catch (CodecException e) {
            assertThat(e).hasMessageStartingWith("JPEG-LS: ");
        }
    }
}
