package org.fractify.dicom;

/**
 * Native (uncompressed) pixel data, PS3.5 section 8.1.1 and section 8.2: samples of Bits Allocated each, little
 * or big endian per the transfer syntax, the value in bits [High Bit - Bits Stored + 1, High Bit], frames
 * concatenated without padding (1-bit frames are packed contiguously, first pixel in the least significant bit).
 */
final class NativeDecoder {

    private NativeDecoder() {
    }

    /** Samples encoded per pixel: YBR_FULL_422 stores two luma and two chroma samples per pixel pair. */
    private static int encodedSamplesPerPixel(ImageDescriptor d) {
        return d.photometricInterpretation().equals("YBR_FULL_422") ? 2 : d.samplesPerPixel();
    }

    static long frameBits(ImageDescriptor d) {
        return (long) d.rows() * d.columns() * encodedSamplesPerPixel(d) * d.bitsAllocated();
    }

    static long bytesNeeded(ImageDescriptor d) {
        return (frameBits(d) * d.numberOfFrames() + 7) / 8;
    }

    /** Byte offset and length of a frame inside the native value. */
    static long[] frameByteRange(ImageDescriptor d, int frame) {
        long bits = frameBits(d);
        long startBit = bits * frame;
        long from = startBit / 8;
        long to = (startBit + bits + 7) / 8;
        return new long[] {from, to - from};
    }

    static Frame decode(DicomObject obj, Element e, ImageDescriptor d, int frame) {
        byte[] b = obj.buffer();
        boolean bigEndian = obj.bigEndian();
        // In Explicit VR Big Endian, 8-bit samples in an OW value are byte-swapped in pairs (PS3.5 section 7.3).
        boolean swap8 = bigEndian && d.bitsAllocated() == 8 && e.vr == VR.OW;
        long bitOffset = frameBits(d) * frame;
        return decodeAt(b, e.valueOffset, bitOffset, d, bigEndian, swap8);
    }

    /** Decodes one frame held at the start of {@code data} (encapsulated uncompressed frames). */
    static Frame decodeBytes(byte[] data, ImageDescriptor d, int offset, boolean bigEndian, boolean swap8) {
        long needed = (frameBits(d) + 7) / 8;
        if (data.length - offset < needed) {
            throw new DicomException(DicomException.Reason.CORRUPT_PIXEL_DATA, DicomException.NO_TAG,
                    DicomException.NO_OFFSET, "frame has " + (data.length - offset) + " bytes, needs " + needed);
        }
        return decodeAt(data, offset, 0, d, bigEndian, swap8);
    }

    private static Frame decodeAt(byte[] b, int valueOffset, long bitOffset, ImageDescriptor d, boolean bigEndian,
            boolean swap8) {
        int rows = d.rows();
        int cols = d.columns();
        int spp = d.samplesPerPixel();
        int pixels = rows * cols;
        int n = pixels * spp;
        int ba = d.bitsAllocated();
        if (d.sampleType() != Frame.SampleType.INT) {
            int start = valueOffset + (int) (bitOffset / 8);
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                int src = planarIndex(i, spp, pixels, spp > 1 ? d.planarConfiguration() : 0);
                if (d.sampleType() == Frame.SampleType.FLOAT32) {
                    out[i] = Float.intBitsToFloat(read32(b, start + 4 * src, bigEndian));
                } else {
                    long hi = read32(b, start + 8 * src + (bigEndian ? 0 : 4), bigEndian) & 0xFFFFFFFFL;
                    long lo = read32(b, start + 8 * src + (bigEndian ? 4 : 0), bigEndian) & 0xFFFFFFFFL;
                    out[i] = Double.longBitsToDouble(hi << 32 | lo);
                }
            }
            return Frame.ofDoubles(rows, cols, spp, d.photometricInterpretation(), d.sampleType(), out);
        }
        int[] out = new int[n];
        String photometric = d.photometricInterpretation();
        if (ba == 1) {
            for (int i = 0; i < n; i++) {
                long bit = bitOffset + planarIndex(i, spp, pixels, spp > 1 ? d.planarConfiguration() : 0);
                out[i] = (b[valueOffset + (int) (bit >>> 3)] >>> (int) (bit & 7)) & 1;
            }
        } else if (photometric.equals("YBR_FULL_422")) {
            // PS3.3 C.7.6.3.1.2: per pair of pixels Y1 Y2 CB CR; chroma is replicated to both pixels.
            int bytes = ba / 8;
            int start = valueOffset + (int) (bitOffset / 8);
            int k = 0;
            for (int p = 0; p < pixels; p += 2) {
                int at = start + k * bytes;
                int y1 = read(b, at, bytes, bigEndian, swap8, start);
                int y2 = read(b, at + bytes, bytes, bigEndian, swap8, start);
                int cb = read(b, at + 2 * bytes, bytes, bigEndian, swap8, start);
                int cr = read(b, at + 3 * bytes, bytes, bigEndian, swap8, start);
                out[3 * p] = y1;
                out[3 * p + 1] = cb;
                out[3 * p + 2] = cr;
                out[3 * p + 3] = y2;
                out[3 * p + 4] = cb;
                out[3 * p + 5] = cr;
                k += 4;
            }
            photometric = "YBR_FULL";
        } else {
            int bytes = ba / 8;
            int start = valueOffset + (int) (bitOffset / 8);
            int planar = d.planarConfiguration();
            for (int i = 0; i < n; i++) {
                out[i] = read(b, start + planarIndex(i, spp, pixels, planar) * bytes, bytes, bigEndian, swap8, start);
            }
        }
        int shift = d.highBit() + 1 - d.bitsStored();
        if (shift > 0 && ba > 1) {
            for (int i = 0; i < n; i++) {
                out[i] >>>= shift;
            }
        }
        maskAndExtend(out, d.bitsStored(), d.signed());
        return Frame.ofInts(rows, cols, spp, photometric, d.bitsStored(), d.signed(), out);
    }

    /** Index of output sample i (pixel-interleaved) in the encoded order (PS3.3 C.7.6.3.1.3). */
    private static int planarIndex(int i, int spp, int pixels, int planar) {
        if (spp == 1 || planar == 0) {
            return i;
        }
        int pixel = i / spp;
        int sample = i - pixel * spp;
        return sample * pixels + pixel;
    }

    private static int read(byte[] b, int at, int bytes, boolean bigEndian, boolean swap8, int start) {
        switch (bytes) {
            case 1:
                return b[swap8 ? start + ((at - start) ^ 1) : at] & 0xFF;
            case 2:
                return bigEndian ? (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF : b[at] & 0xFF | (b[at + 1] & 0xFF) << 8;
            default:
                return read32(b, at, bigEndian);
        }
    }

    private static int read32(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF
                : b[at] & 0xFF | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    /** Keeps the low {@code bitsStored} bits and sign-extends them when signed (PS3.5 section 8.1.1). */
    static void maskAndExtend(int[] v, int bitsStored, boolean signed) {
        if (bitsStored >= 32) {
            return;
        }
        int mask = (1 << bitsStored) - 1;
        int sign = 1 << (bitsStored - 1);
        for (int i = 0; i < v.length; i++) {
            int x = v[i] & mask;
            if (signed && (x & sign) != 0) {
                x |= ~mask;
            }
            v[i] = x;
        }
    }
}
