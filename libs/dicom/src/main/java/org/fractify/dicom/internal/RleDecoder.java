package org.fractify.dicom.internal;

/**
 * RLE Lossless decoder (PS3.5 Annex G). Internal API.
 *
 * <p>A frame starts with a 64-byte header of sixteen 32-bit little endian values: the number of segments and
 * the offset of each segment (G.3.1). Each segment holds one byte plane of one sample, most significant byte
 * first, PackBits-encoded (G.3.2): a header byte n in [0,127] copies the next n+1 bytes, n in [-127,-1] repeats
 * the next byte 1-n times, -128 does nothing. Segments are colour-by-plane whatever the Planar Configuration
 * (G.2).
 */
public final class RleDecoder {

    private RleDecoder() {
    }

    public static int[] decode(byte[] data, int rows, int columns, int samples, int bitsAllocated) {
        if (bitsAllocated % 8 != 0) {
            throw corrupt("RLE needs Bits Allocated 8, 16 or 32, found " + bitsAllocated);
        }
        int bytesPerSample = bitsAllocated / 8;
        int expectedSegments = samples * bytesPerSample;
        if (data.length < 64) {
            throw corrupt("RLE header needs 64 bytes, frame has " + data.length);
        }
        long count = u32(data, 0);
        if (count != expectedSegments) {
            throw corrupt("RLE header declares " + count + " segments, " + samples + " samples of " + bitsAllocated
                    + " bits need " + expectedSegments + " (PS3.5 section G.3.1)");
        }
        long[] offsets = new long[expectedSegments + 1];
        for (int s = 0; s < expectedSegments; s++) {
            offsets[s] = u32(data, 4 + 4 * s);
            if (offsets[s] < 64 || offsets[s] > data.length || s > 0 && offsets[s] < offsets[s - 1]
                    || s == 0 && offsets[s] != 64) {
                throw corrupt("RLE segment " + (s + 1) + " offset " + offsets[s] + " is out of range (frame of "
                        + data.length + " bytes)");
            }
        }
        offsets[expectedSegments] = data.length;
        int pixels = rows * columns;
        byte[] plane = new byte[pixels];
        int[] out = new int[pixels * samples];
        for (int s = 0; s < expectedSegments; s++) {
            int sample = s / bytesPerSample;
            int byteIndex = s % bytesPerSample; // 0 = most significant byte
            int shift = 8 * (bytesPerSample - 1 - byteIndex);
            unpack(data, (int) offsets[s], (int) offsets[s + 1], plane, s + 1);
            for (int p = 0; p < pixels; p++) {
                out[p * samples + sample] |= (plane[p] & 0xFF) << shift;
            }
        }
        return out;
    }

    /** PackBits decoding of one segment into exactly {@code out.length} bytes (G.3.2). */
    private static void unpack(byte[] in, int from, int to, byte[] out, int segment) {
        int i = from;
        int o = 0;
        while (o < out.length) {
            if (i >= to) {
                throw corrupt("RLE segment " + segment + " ends after " + o + " of " + out.length + " bytes");
            }
            int n = in[i++];
            if (n >= 0) {
                int len = n + 1;
                if (i + len > to) {
                    throw corrupt("RLE segment " + segment + " literal run overruns its segment");
                }
                // Bytes past the end of the plane (encoder padding) are ignored.
                System.arraycopy(in, i, out, o, Math.min(len, out.length - o));
                i += len;
                o = Math.min(out.length, o + len);
            } else if (n != -128) {
                int len = 1 - n;
                if (i >= to || o + len > out.length) {
                    throw corrupt("RLE segment " + segment + " replicate run overruns its segment or the plane");
                }
                byte v = in[i++];
                for (int k = 0; k < len; k++) {
                    out[o++] = v;
                }
            }
        }
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static CodecException corrupt(String detail) {
        return new CodecException(false, detail);
    }
}
