package org.fractify.dicom;

/**
 * The three channels of a PALETTE COLOR lookup table (PS3.3 C.7.6.3.1.5 and C.7.9), expanded from normal or
 * segmented LUT data.
 */
public record PaletteColorLut(LookupTable red, LookupTable green, LookupTable blue) {

    /**
     * Applies the palette to a frame of indices, giving an RGB frame whose values have the palette's bits per
     * entry.
     */
    public Frame apply(Frame indices) {
        if (indices.samplesPerPixel() != 1 || indices.sampleType() != Frame.SampleType.INT) {
            throw new IllegalArgumentException("palette indices must be one integer sample per pixel");
        }
        int n = indices.rows() * indices.columns();
        int[] rgb = new int[n * 3];
        for (int i = 0; i < n; i++) {
            int v = indices.sampleAt(i);
            rgb[3 * i] = red.lookup(v);
            rgb[3 * i + 1] = green.lookup(v);
            rgb[3 * i + 2] = blue.lookup(v);
        }
        int bits = Math.max(red.bitsPerEntry(), Math.max(green.bitsPerEntry(), blue.bitsPerEntry()));
        return Frame.ofInts(indices.rows(), indices.columns(), 3, "RGB", bits, false, rgb);
    }
}
