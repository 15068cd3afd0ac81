package org.fractify.gateway.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.fractify.dicom.LookupTable;
import org.junit.jupiter.api.Test;

/** The stored-values-to-gray step, against values worked out by hand from PS3.3 C.11. */
class GrayscaleUnitTest {

    private static int[] levels(Gray8Image g) {
        int[] out = new int[g.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.pixels()[i] & 0xff;
        }
        return out;
    }

    @Test
    void ctBrainWindowMapsHounsfieldUnitsAfterTheRescale() {
        // CT stores HU + 1024 (intercept -1024): air, water, the window's centre, blood, bone
        int[] stored = {0, 1024, 1064, 1084, 2024};
        Gray8Image g = Grayscale.monochrome(5, 1, stored, new Grayscale.Rescale(1, -1024, null),
                DicomWindows.BRAIN.voi(), false);
        // LINEAR, c=40, w=80: y = ((x - 39.5) / 79 + 0.5) * 255 between 0 and 79 HU; 0 HU -> 0, 60 HU -> 193.7
        assertThat(levels(g)).containsExactly(0, 0, 129, 194, 255);
    }

    @Test
    void lungAndAbdomenWindowsAreTheDocumentedOnes() {
        int[] hu = {-1350, -600, 150, 240};
        assertThat(levels(Grayscale.monochrome(4, 1, hu, Grayscale.Rescale.IDENTITY, DicomWindows.LUNG.voi(), false)))
                .containsExactly(0, 128, 255, 255);
        assertThat(levels(Grayscale.monochrome(4, 1, hu, Grayscale.Rescale.IDENTITY, DicomWindows.ABDOMEN.voi(),
                false))).containsExactly(0, 0, 198, 255);
    }

    @Test
    void monochrome1IsInvertedAfterTheWindow() {
        int[] stored = {0, 550, 4095};
        var window = new Grayscale.Window(550, 1024, Grayscale.WindowFunction.LINEAR);
        assertThat(levels(Grayscale.monochrome(3, 1, stored, Grayscale.Rescale.IDENTITY, window, false)))
                .containsExactly(0, 128, 255);
        assertThat(levels(Grayscale.monochrome(3, 1, stored, Grayscale.Rescale.IDENTITY, window, true)))
                .containsExactly(255, 127, 0);
    }

    @Test
    void linearExactAndSigmoidFollowTheirFormulas() {
        int[] x = {10, 50, 90, 100};
        var exact = new Grayscale.Window(50, 80, Grayscale.WindowFunction.LINEAR_EXACT);
        // ((x - 50) / 80 + 0.5) * 255: 10 -> 0 (at c - w/2), 50 -> 127.5 -> 128, 90 -> 255, above -> 255
        assertThat(levels(Grayscale.monochrome(4, 1, x, Grayscale.Rescale.IDENTITY, exact, false)))
                .containsExactly(0, 128, 255, 255);
        var sigmoid = new Grayscale.Window(50, 80, Grayscale.WindowFunction.SIGMOID);
        // 255 / (1 + exp(-4 (x - 50) / 80)): 10 -> 30.3, 50 -> 127.5, 90 -> 224.6, 100 -> 235.7
        assertThat(levels(Grayscale.monochrome(4, 1, x, Grayscale.Rescale.IDENTITY, sigmoid, false)))
                .containsExactly(30, 128, 225, 236);
    }

    @Test
    void voiLutOutputIsScaledFromItsEntryBits() {
        // a 4-entry LUT of 12-bit entries starting at modality value 100 (descriptor: 4\\100\\12)
        var lut = new LookupTable(100, 12, new int[] {0, 1000, 3000, 4095}, null);
        int[] values = {50, 100, 101, 102, 103, 500};
        assertThat(levels(Grayscale.monochrome(6, 1, values, Grayscale.Rescale.IDENTITY, new Grayscale.Lut(lut),
                false))).containsExactly(0, 0, 62, 187, 255, 255);
    }

    @Test
    void modalityLutReplacesTheRescale() {
        var modalityLut = new LookupTable(0, 16, new int[] {-1000, 0, 1000}, null);
        int[] stored = {0, 1, 2};
        Gray8Image g = Grayscale.monochrome(3, 1, stored, new Grayscale.Rescale(5, 5, modalityLut),
                new Grayscale.Range(-1000, 1000), false);
        assertThat(levels(g)).containsExactly(0, 128, 255);
    }

    @Test
    void withoutAWindowDeepDataSpansItsOwnRangeAndEightBitDataIsUnchanged() {
        int[] twelveBit = {100, 600, 1100};
        assertThat(levels(Grayscale.monochrome(3, 1, twelveBit, Grayscale.Rescale.IDENTITY, new Grayscale.MinMax(),
                false))).containsExactly(0, 128, 255);
        int[] eightBit = {0, 17, 200, 255};
        assertThat(levels(Grayscale.monochrome(4, 1, eightBit, Grayscale.Rescale.IDENTITY, new Grayscale.Range(0, 255),
                false))).containsExactly(0, 17, 200, 255);
        int[] flat = {7, 7};
        assertThat(levels(Grayscale.monochrome(2, 1, flat, Grayscale.Rescale.IDENTITY, new Grayscale.MinMax(), false)))
                .containsExactly(0, 0);
    }

    @Test
    void realValuedPixelDataTakesTheSamePipeline() {
        double[] dose = {0.0, 0.5, 2.0};
        assertThat(levels(Grayscale.monochrome(3, 1, dose, new Grayscale.Rescale(2, 0, null), new Grayscale.MinMax(),
                false))).containsExactly(0, 64, 255);
    }

    @Test
    void lumaIsBt601AndTheSameFor8And16BitColour() {
        int[] rgb8 = {255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 100, 50};
        int[] rgb16 = new int[rgb8.length];
        for (int i = 0; i < rgb8.length; i++) {
            rgb16[i] = rgb8[i] * 257; // 0xAB -> 0xABAB
        }
        // (r * 299 + g * 587 + b * 114) / 1000, truncated like the PNG/JPEG path always did
        assertThat(levels(Grayscale.luma(4, 1, rgb8, 255))).containsExactly(76, 149, 29, 124);
        assertThat(levels(Grayscale.luma(4, 1, rgb16, 65535))).containsExactly(76, 149, 29, 124);
    }

    @Test
    void ycbcrLumaIsY() {
        int[] full = {124, 90, 180, 16, 128, 128};
        assertThat(levels(Grayscale.lumaOfYcbcr(2, 1, full, 255, false))).containsExactly(124, 16);
        assertThat(levels(Grayscale.lumaOfYcbcr(2, 1, full, 255, true))).containsExactly(126, 0);
    }

    @Test
    void theValueTableGivesEveryPixelWhatThePipelineGivesItsValue() {
        java.util.Random random = new java.util.Random(3);
        Grayscale.Rescale rescale = new Grayscale.Rescale(0.5, -1024, null);
        for (Grayscale.Voi voi : new Grayscale.Voi[] {new Grayscale.Window(40, 80, Grayscale.WindowFunction.SIGMOID),
                new Grayscale.MinMax()}) {
            // 12-bit data (mapped through a table of its distinct values) and data spanning 200,001 values
            // (too wide for a table: mapped pixel by pixel); both must equal the per-value pipeline
            for (int span : new int[] {4096, 200_001}) {
                int[] stored = new int[5000];
                for (int i = 0; i < stored.length; i++) {
                    stored[i] = random.nextInt(span) - span / 2;
                }
                Gray8Image g = Grayscale.monochrome(100, 50, stored, rescale, voi, true);
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int v : stored) {
                    lo = Math.min(lo, rescale.apply(v));
                    hi = Math.max(hi, rescale.apply(v));
                }
                for (int i = 0; i < stored.length; i++) {
                    assertThat(g.pixels()[i]).as("%s, span %d, pixel %d", voi, span, i)
                            .isEqualTo(Grayscale.level(rescale.apply(stored[i]), voi, new double[] {lo, hi}, true));
                }
            }
        }
    }
}
