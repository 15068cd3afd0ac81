package org.fractify.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fractify.dicom.DicomException.Reason;
import org.fractify.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under malformed/ must be refused with a {@link DicomException} (never another throwable, never a
 * hang) within 2 s: reading, describing the image and decoding every frame.
 */
class MalformedCorpusTest {

    /**
     * The reason expected for the files present here, whose defect is known (files added later: any reason, as
     * long as it is a DicomException).
     */
    private static final Map<String, Reason> EXPECTED = Map.ofEntries(
            Map.entry("empty.dcm", Reason.NOT_DICOM),
            Map.entry("preamble_only.dcm", Reason.TRUNCATED),
            Map.entry("truncated_in_meta.dcm", Reason.INVALID_FILE_META),
            Map.entry("truncated_in_element_header.dcm", Reason.TRUNCATED),
            Map.entry("truncated_in_pixel_data.dcm", Reason.LENGTH_OVERRUN),
            Map.entry("truncated_last_byte.dcm", Reason.LENGTH_OVERRUN),
            Map.entry("element_length_overrun.dcm", Reason.LENGTH_OVERRUN),
            Map.entry("rows_exceed_pixel_data.dcm", Reason.INVALID_IMAGE),
            Map.entry("rows_zero.dcm", Reason.INVALID_IMAGE),
            Map.entry("bits_stored_gt_allocated.dcm", Reason.INVALID_IMAGE),
            Map.entry("bogus_vr_ZZ.dcm", Reason.INVALID_VR),
            Map.entry("null_vr.dcm", Reason.INVALID_VR),
            Map.entry("odd_length_value.dcm", Reason.ODD_LENGTH),
            Map.entry("huge_declared_length.dcm", Reason.LENGTH_OVERRUN),
            Map.entry("deeply_nested_sequences_5000.dcm", Reason.DEPTH_LIMIT_EXCEEDED),
            Map.entry("sq_item_length_overruns_sequence.dcm", Reason.LENGTH_OVERRUN),
            Map.entry("ts_says_implicit_but_explicit.dcm", Reason.INVALID_FILE_META),
            Map.entry("encapsulated_bad_item_tag.dcm", Reason.INVALID_ENCAPSULATION),
            Map.entry("rle_segment_offset_out_of_range.dcm", Reason.CORRUPT_PIXEL_DATA),
            Map.entry("jpeg_scan_zeroed.dcm", Reason.CORRUPT_PIXEL_DATA),
            Map.entry("pydicom-deb__meta_missing_tsyntax.dcm", Reason.INVALID_FILE_META),
            Map.entry("pydicom-deb__ExplVR_BigEndNoMeta.dcm", Reason.NOT_DICOM),
            Map.entry("pydicom-deb__MR_truncated.dcm", Reason.LENGTH_OVERRUN),
            Map.entry("pydicom-deb__rtplan_truncated.dcm", Reason.LENGTH_OVERRUN),
            Map.entry("pydicom-data__emri_small_jpeg_2k_lossless_too_short.dcm", Reason.TRUNCATED));

    static List<Path> files() {
        Path dir = SharedData.dicomCorpus().resolve("malformed");
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> malformed() {
        return files().stream().map(p -> Arguments.of(p.getParent().getFileName() + "/" + p.getFileName(), p));
    }

    @Test
    void corpusHasMalformedFiles() {
        assertThat(files()).hasSizeGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRefusedWithDicomException(String name, Path file) {
        DicomException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> readAndDecodeAll(file),
                () -> name + " took longer than 2 s");
        assertThat(e).as(name + " must be refused").isNotNull();
        assertThat(e.reason()).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
        assertThat(e.detail()).isNotBlank();
        Reason expected = EXPECTED.get(file.getFileName().toString());
        if (expected != null) {
            assertThat(e.reason()).as(name + ": " + e.getMessage()).isEqualTo(expected);
        }
        // Unsupported (HTTP 415) only for the unknown transfer syntax; everything else is malformed (422).
        if (e.reason().unsupported()) {
            assertThat(e.getMessage()).contains("transfer syntax");
        }
    }

    @Test
    void messagesNameTagAndOffset() {
        Path file = SharedData.dicomCorpus().resolve("malformed/generated/huge_declared_length.dcm");
        assertThatThrownBy(() -> DicomReader.read(file)).isInstanceOfSatisfying(DicomException.class, e -> {
            assertThat(e.tag()).isEqualTo(Tag.of(0x0009, 0x1002));
            assertThat(e.offset()).isEqualTo(934);
            assertThat(e.getMessage()).isEqualTo("(0009,1002) @ 934: length 4294967280 exceeds remaining 38300");
        });
    }

    /** Returns the exception, or null when the file was accepted (which fails the test). */
    static DicomException readAndDecodeAll(Path file) {
        try {
            DicomObject dicom = DicomReader.read(file);
            PixelData pixels = dicom.pixelData();
            for (int i = 0; i < pixels.frameCount(); i++) {
                pixels.decodeFrame(i);
            }
            return null;
        } catch (DicomException e) {
            return e;
        }
    }
}
