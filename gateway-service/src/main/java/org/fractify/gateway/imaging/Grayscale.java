package org.fractify.gateway.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import org.fractify.dicom.LookupTable;

/**
 * The one step that turns sample values into the 8-bit gray the models see, for every input: DICOM
 * stored values, 8/16-bit gray PNG and JPEG, and colour of any kind (as luma). Pure functions of their
 * arguments, so PNG, JPEG and DICOM and any future training export give identical pixels for identical
 * values (docs/decisions/0006-dicom-preprocessing-windows.md).
 *
 * <p>Monochrome values follow the DICOM grayscale pipeline (PS3.4 N.2.1): the modality transform
 * (Modality LUT, else Rescale Slope/Intercept; PS3.3 C.11.1), then the VOI transform (window or VOI LUT,
 * PS3.3 C.11.2) onto 0-255, then MONOCHROME1's inversion.
 */
public final class Grayscale {

    /** Largest span of stored values mapped through a table (16-bit data); wider spans are mapped per pixel. */
    private static final long LUT_LIMIT = 1 << 16;

    private Grayscale() {
    }

    /** Modality transform (PS3.3 C.11.1): the Modality LUT when there is one, else value x slope + intercept. */
    public record Rescale(double slope, double intercept, LookupTable lut) {

        /** Values are already in their final units (PNG, JPEG, DICOM without rescale). */
        public static final Rescale IDENTITY = new Rescale(1, 0, null);

        double apply(double stored) {
            return lut != null ? lut.lookup((int) stored) : stored * slope + intercept;
        }
    }

    /** VOI transform: which range of modality values spans the 256 gray levels. */
    public sealed interface Voi permits Window, Lut, Range, MinMax {
    }

    /** VOI LUT Function (0028,1056). */
    public enum WindowFunction { LINEAR, LINEAR_EXACT, SIGMOID }

    /** A window (PS3.3 C.11.2.1.2): center and width in modality units, e.g. Hounsfield units for CT. */
    public record Window(double center, double width, WindowFunction function) implements Voi {
        public Window {
            if (!(width > 0) || !Double.isFinite(center)) {
                throw new IllegalArgumentException("window width must be positive, center finite");
            }
        }
    }

    /** A VOI LUT (PS3.3 C.11.2.1.1); its output range is 0 .. 2^bitsPerEntry - 1. */
    public record Lut(LookupTable table) implements Voi {
    }

    /** A fixed linear range [low, high] onto 0-255 (e.g. 0-255 for 8-bit data: identity). */
    public record Range(double low, double high) implements Voi {
    }

    /** The linear range from the smallest to the largest value of the image itself. */
    public record MinMax() implements Voi {
    }

    /**
     * Monochrome samples (one per pixel) to gray levels.
     *
     * @param stored  stored values (sign-extended when signed), one per pixel
     * @param rescale the modality transform
     * @param voi     the VOI transform
     * @param invert  MONOCHROME1: low values are white
     */
    public static Gray8Image monochrome(int width, int height, int[] stored, Rescale rescale, Voi voi, boolean invert) {
        checkLength(width, height, stored.length, 1);
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : stored) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double[] range = voi instanceof MinMax ? modalityRange(stored, min, max, rescale) : null;
        byte[] out = new byte[stored.length];
        if (stored.length > 0 && (long) max - min < LUT_LIMIT) {
            // The stored values span at most 2^16 integers (any 8- to 16-bit image), so each one is mapped once
            // into a table instead of once per pixel: the same function, far fewer evaluations.
            byte[] table = new byte[max - min + 1];
            for (int v = min; v <= max; v++) {
                table[v - min] = level(rescale.apply(v), voi, range, invert);
            }
            for (int i = 0; i < stored.length; i++) {
                out[i] = table[stored[i] - min];
            }
        } else {
            for (int i = 0; i < stored.length; i++) {
                out[i] = level(rescale.apply(stored[i]), voi, range, invert);
            }
        }
        return new Gray8Image(width, height, out);
    }

    /** Float or Double Float Pixel Data: the same pipeline on real values (no Modality LUT applies). */
    public static Gray8Image monochrome(int width, int height, double[] values, Rescale rescale, Voi voi,
            boolean invert) {
        checkLength(width, height, values.length, 1);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        if (voi instanceof MinMax) {
            for (double v : values) {
                double m = v * rescale.slope() + rescale.intercept();
                if (Double.isFinite(m)) {
                    lo = Math.min(lo, m);
                    hi = Math.max(hi, m);
                }
            }
        }
        double[] range = voi instanceof MinMax ? new double[] {lo, hi} : null;
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double m = values[i] * rescale.slope() + rescale.intercept();
            out[i] = level(Double.isFinite(m) ? m : 0, voi, range, invert);
        }
        return new Gray8Image(width, height, out);
    }

    /**
     * Luma of interleaved RGB samples (ITU-R BT.601 weights, integer arithmetic, as the training sets were
     * converted): each channel is first brought to 0-255 from 0-{@code maxValue}, so 8- and 16-bit colour
     * give the same result.
     */
    public static Gray8Image luma(int width, int height, int[] rgb, int maxValue) {
        checkLength(width, height, rgb.length, 3);
        byte[] out = new byte[width * height];
        for (int i = 0, j = 0; i < out.length; i++, j += 3) {
            int r = to8(rgb[j], maxValue);
            int g = to8(rgb[j + 1], maxValue);
            int b = to8(rgb[j + 2], maxValue);
            out[i] = (byte) ((r * 299 + g * 587 + b * 114) / 1000);
        }
        return new Gray8Image(width, height, out);
    }

    /**
     * Luma of interleaved YCbCr samples: Y itself (YBR_FULL's Y is BT.601 luma of the RGB it encodes);
     * {@code partial} (YBR_PARTIAL_*) stretches the 16-235 foot/head room onto 0-255.
     */
    public static Gray8Image lumaOfYcbcr(int width, int height, int[] ybr, int maxValue, boolean partial) {
        checkLength(width, height, ybr.length, 3);
        byte[] out = new byte[width * height];
        for (int i = 0, j = 0; i < out.length; i++, j += 3) {
            int y = to8(ybr[j], maxValue);
            if (partial) {
                y = clamp((int) Math.round((y - 16) * 255.0 / 219.0));
            }
            out[i] = (byte) y;
        }
        return new Gray8Image(width, height, out);
    }

    /**
     * A decoded PNG or JPEG, like DICOM through {@link #monochrome} or {@link #luma}: 8-bit gray as is, deeper
     * gray from its own min..max, colour (palette, RGB, 16-bit RGB) as BT.601 luma; alpha is dropped.
     */
    static Gray8Image of(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        Raster raster = src.getRaster();
        boolean colour = src.getColorModel().getNumColorComponents() >= 3;
        if (!colour) {
            int[] values = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            int bits = src.getColorModel().getComponentSize(0);
            Voi voi = bits > 8 ? new MinMax() : new Range(0, (1 << bits) - 1);
            return monochrome(w, h, values, Rescale.IDENTITY, voi, false);
        }
        int[] rgb = new int[w * h * 3];
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0, j = y * w * 3; x < w; x++, j += 3) {
                int p = argb[x];
                rgb[j] = (p >> 16) & 0xff;
                rgb[j + 1] = (p >> 8) & 0xff;
                rgb[j + 2] = p & 0xff;
            }
        }
        return luma(w, h, rgb, 255);
    }

    /** One modality value to a gray level. {@code range} is the image's min/max for {@link MinMax}. */
    static byte level(double x, Voi voi, double[] range, boolean invert) {
        int y;
        if (voi instanceof Window w) {
            y = window(x, w);
        } else if (voi instanceof Lut l) {
            LookupTable t = l.table();
            double top = (1 << Math.min(t.bitsPerEntry(), 30)) - 1.0;
            y = clamp((int) Math.round(t.lookup((int) Math.round(x)) * 255.0 / top));
        } else if (voi instanceof Range r) {
            y = linear(x, r.low(), r.high());
        } else {
            y = linear(x, range[0], range[1]);
        }
        return (byte) (invert ? 255 - y : y);
    }

    /** PS3.3 C.11.2.1.2.1 (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT) and C.11.2.1.3.1 (SIGMOID), output 0-255. */
    static int window(double x, Window w) {
        double c = w.center();
        double width = w.width();
        switch (w.function()) {
            case LINEAR_EXACT:
                if (x <= c - width / 2) {
                    return 0;
                }
                if (x > c + width / 2) {
                    return 255;
                }
                return clamp((int) Math.round(((x - c) / width + 0.5) * 255));
            case SIGMOID:
                return clamp((int) Math.round(255 / (1 + Math.exp(-4 * (x - c) / width))));
            default:
                if (width < 1) {
                    width = 1; // LINEAR requires width >= 1
                }
                if (x <= c - 0.5 - (width - 1) / 2) {
                    return 0;
                }
                if (x > c - 0.5 + (width - 1) / 2) {
                    return 255;
                }
                return clamp((int) Math.round(((x - (c - 0.5)) / (width - 1) + 0.5) * 255));
        }
    }

    private static int linear(double x, double low, double high) {
        if (!(high > low)) {
            return 0;
        }
        return clamp((int) Math.round((x - low) * 255.0 / (high - low)));
    }

    /** Smallest and largest modality value of the image, given its smallest and largest stored value. */
    private static double[] modalityRange(int[] stored, int min, int max, Rescale rescale) {
        if (rescale.lut() == null) {
            // the rescale is monotonic: the extremes of the stored values are the extremes of the result
            double a = rescale.apply(min);
            double b = rescale.apply(max);
            return new double[] {Math.min(a, b), Math.max(a, b)};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int v : stored) {
            double m = rescale.apply(v);
            lo = Math.min(lo, m);
            hi = Math.max(hi, m);
        }
        return new double[] {lo, hi};
    }

    private static int to8(int v, int maxValue) {
        if (maxValue == 255) {
            return clamp(v);
        }
        return clamp((int) ((v * 255L + maxValue / 2) / maxValue));
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static void checkLength(int width, int height, int length, int samples) {
        if ((long) width * height * samples != length) {
            throw new IllegalArgumentException(width + " x " + height + " x " + samples + " != " + length);
        }
    }
}
