package org.fractify.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fractify.dicom.internal.CodecException;
import org.fractify.dicom.internal.JpegLosslessDecoder;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process 14 decoder reproduces DCMTK's encoder input exactly for every predictor, point transform, bit depth
 * and interleaved colour, and refuses damaged streams.
 */
class JpegLosslessDecoderTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = JpegLosslessDecoderTest.class.getResourceAsStream("/jpeg-lossless/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ll_1c_16b_elsv1", "ll_1c_16b_elsv2", "ll_1c_16b_elsv3", "ll_1c_16b_elsv4",
        "ll_1c_16b_elsv5", "ll_1c_16b_elsv6", "ll_1c_16b_elsv7", "ll_1c_16b_elsv4pt2", "ll_3c_8b_e1",
        "ll_3c_8b_elsv7pt1", "ll_1c_12b_elsv5", "ll_1c_10b_elsv6", "ll_1c_8b_elsv3"})
    void matchesTheEncodedValues(String name) throws IOException {
        int components = name.contains("_3c_") ? 3 : 1;
        byte[] stream = resource(name + ".jpg");
        byte[] raw = resource(name + ".expected");
        int[] expected = new int[raw.length / 2];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
        }
        assertThat(JpegLosslessDecoder.decode(stream, 23, 37, components)).isEqualTo(expected);

        assertThatThrownBy(() -> JpegLosslessDecoder.decode(Arrays.copyOf(stream, stream.length / 2), 23, 37,
                components)).isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.unsupported()).isFalse());
        // entropy-coded bytes past the last sample (before EOI and its fill bytes) are corruption, as in the
        // library's other decoders
        int end = stream.length - 2;
        while ((stream[end - 1] & 0xFF) == 0xFF) {
            end--;
        }
        byte[] padded = Arrays.copyOf(stream, end + 6);
        System.arraycopy(new byte[] {0x12, 0x34, 0x56, 0x78, (byte) 0xFF, (byte) 0xD9}, 0, padded, end, 6);
        assertThatThrownBy(() -> JpegLosslessDecoder.decode(padded, 23, 37, components))
                .isInstanceOf(CodecException.class).hasMessageContaining("extra data");
    }

    @Test
    void subsampledStreamsAreLeftToTheGeneralDecoder() throws IOException {
        byte[] stream = resource("ll_3c_8b_e1.jpg");
        // patch the first component's sampling factors in SOF3 (FFC3, length, P, Y, X, Nf, C1 H1V1 ...) to 2x1
        for (int i = 0; i + 1 < stream.length; i++) {
            if ((stream[i] & 0xFF) == 0xFF && (stream[i + 1] & 0xFF) == 0xC3) {
                stream[i + 2 + 2 + 6 + 1] = 0x21;
                break;
            }
        }
        assertThatThrownBy(() -> JpegLosslessDecoder.decode(stream, 23, 37, 3))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.unsupported()).isTrue());
    }

    @Test
    void everyLosslessCorpusFrameMatchesItsGolden() {
        List<Map<String, String>> lossless = SharedData.dicomManifest().stream()
                .filter(r -> r.get("transfer_syntax_uid").equals("1.2.840.10008.1.2.4.57")
                        || r.get("transfer_syntax_uid").equals("1.2.840.10008.1.2.4.70"))
                .toList();
        assertThat(lossless).hasSizeGreaterThanOrEqualTo(5);
        for (Map<String, String> row : lossless) {
            PixelData pixels = DicomReader.read(SharedData.dicomCorpus().resolve(row.get("path"))).pixelData();
            ImageDescriptor d = pixels.descriptor();
            for (int f = 0; f < pixels.frameCount(); f++) {
                int[] own = JpegLosslessDecoder.decode(pixels.frameData(f), d.rows(), d.columns(),
                        d.samplesPerPixel());
                int[] viaLibrary = pixels.decodeFrame(f).toIntArray();
                int mask = d.bitsStored() >= 32 ? -1 : (1 << d.bitsStored()) - 1;
                for (int i = 0; i < own.length; i++) {
                    assertThat(own[i] & mask).as(row.get("id") + " frame " + f + " sample " + i)
                            .isEqualTo(viaLibrary[i] & mask);
                }
            }
        }
    }
}
