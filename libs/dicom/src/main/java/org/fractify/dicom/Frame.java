package org.fractify.dicom;

import java.nio.DoubleBuffer;
import java.nio.IntBuffer;

/**
 * One decoded frame: STORED pixel values (PS3.3 C.7.6.3.1: masked to Bits Stored and sign-extended when Pixel
 * Representation is 1; Modality LUT/rescale not applied), interleaved by pixel (row by row, samples of a pixel
 * adjacent) whatever the Planar Configuration of the encoding.
 *
 * <p>Integer data is held as one {@code int} per sample (32-bit unsigned data keeps its bit pattern: use
 * {@link #getUnsigned}). Float and Double Float Pixel Data are held as {@code double}.
 *
 * <p>{@link #photometricInterpretation()} describes the values as decoded: JPEG and JPEG 2000 decoders convert
 * YCbCr to RGB (then it is "RGB"), native YBR_FULL_422 is upsampled to "YBR_FULL", everything else keeps the
 * data set's value.
 */
public final class Frame {

    /** How samples are represented. */
    public enum SampleType { INT, FLOAT32, FLOAT64 }

    private final int rows;
    private final int columns;
    private final int samplesPerPixel;
    private final String photometric;
    private final int bitsStored;
    private final boolean signed;
    private final SampleType type;
    private final int[] ints;
    private final double[] doubles;

    private Frame(int rows, int columns, int samplesPerPixel, String photometric, int bitsStored, boolean signed,
            SampleType type, int[] ints, double[] doubles) {
        this.rows = rows;
        this.columns = columns;
        this.samplesPerPixel = samplesPerPixel;
        this.photometric = photometric;
        this.bitsStored = bitsStored;
        this.signed = signed;
        this.type = type;
        this.ints = ints;
        this.doubles = doubles;
    }

    /** Wraps integer samples (not copied: callers hand over ownership). */
    static Frame ofInts(int rows, int columns, int samples, String photometric, int bitsStored, boolean signed,
            int[] values) {
        if (values.length != rows * columns * samples) {
            throw new IllegalArgumentException("sample count mismatch");
        }
        return new Frame(rows, columns, samples, photometric, bitsStored, signed, SampleType.INT, values, null);
    }

    static Frame ofDoubles(int rows, int columns, int samples, String photometric, SampleType type,
            double[] values) {
        return new Frame(rows, columns, samples, photometric, type == SampleType.FLOAT32 ? 32 : 64, true, type,
                null, values);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int samplesPerPixel() {
        return samplesPerPixel;
    }

    /** Photometric interpretation of the decoded values (see class comment). */
    public String photometricInterpretation() {
        return photometric;
    }

    /** Significant bits per sample (32 or 64 for float data). */
    public int bitsStored() {
        return bitsStored;
    }

    /** Whether integer samples are signed (Pixel Representation 1). */
    public boolean signed() {
        return signed;
    }

    public SampleType sampleType() {
        return type;
    }

    /** Number of samples: rows x columns x samples per pixel. */
    public int sampleCount() {
        return rows * columns * samplesPerPixel;
    }

    /** Integer sample. */
    public int get(int row, int column, int sample) {
        return sampleAt(index(row, column, sample));
    }

    /** 32-bit unsigned-aware sample: the stored value as a long (unsigned data never negative). */
    public long getUnsigned(int row, int column, int sample) {
        int v = get(row, column, sample);
        return signed ? v : v & 0xFFFFFFFFL;
    }

    /** Any sample as a double (integers converted, unsigned 32-bit kept positive). */
    public double getDouble(int row, int column, int sample) {
        int i = index(row, column, sample);
        if (doubles != null) {
            return doubles[i];
        }
        return signed ? ints[i] : ints[i] & 0xFFFFFFFFL;
    }

    /** Integer sample by flat index (pixel-interleaved order). */
    public int sampleAt(int index) {
        if (ints == null) {
            throw new IllegalStateException("float frame: use getDouble");
        }
        return ints[index];
    }

    /** Read-only view of the integer samples in pixel-interleaved order. */
    public IntBuffer intBuffer() {
        if (ints == null) {
            throw new IllegalStateException("float frame: use doubleBuffer");
        }
        return IntBuffer.wrap(ints).asReadOnlyBuffer();
    }

    /** A copy of the integer samples in pixel-interleaved order. */
    public int[] toIntArray() {
        if (ints == null) {
            throw new IllegalStateException("float frame: use toDoubleArray");
        }
        return ints.clone();
    }

    /** Read-only view of float samples. */
    public DoubleBuffer doubleBuffer() {
        if (doubles == null) {
            throw new IllegalStateException("integer frame: use intBuffer");
        }
        return DoubleBuffer.wrap(doubles).asReadOnlyBuffer();
    }

    /** A copy of all samples as doubles. */
    public double[] toDoubleArray() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] d = new double[ints.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = signed ? ints[i] : ints[i] & 0xFFFFFFFFL;
        }
        return d;
    }

    private int index(int row, int column, int sample) {
        if (row < 0 || row >= rows || column < 0 || column >= columns || sample < 0 || sample >= samplesPerPixel) {
            throw new IndexOutOfBoundsException("(" + row + "," + column + "," + sample + ") outside " + rows + "x"
                    + columns + "x" + samplesPerPixel);
        }
        return (row * columns + column) * samplesPerPixel + sample;
    }

    @Override
    public String toString() {
        return "Frame[" + rows + "x" + columns + "x" + samplesPerPixel + " " + photometric + " " + type + "]";
    }
}
