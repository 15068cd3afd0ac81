package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;
import static org.fractify.dicom.internal.CodecException.unsupported;

/**
 * Sequential Huffman DCT JPEG decoder (ISO/IEC 10918-1 processes 2 and 4: SOF0/SOF1) for single-component
 * 12-bit images, the "JPEG Extended" frames of PS3.5 section A.4.1 that no Java ImageIO plugin decodes.
 *
 * <p>Section references are to ISO/IEC 10918-1 (ITU-T T.81): Annex B (syntax), Annex F (sequential DCT decoding),
 * Annex A.3.3 (IDCT). The inverse DCT is the integer Loeffler-Ligtenberg-Moschytz factorisation with 13-bit
 * constants and one extra bit of intermediate precision for 12-bit samples, the arithmetic of the IJG "islow"
 * IDCT used by DICOM toolkits, so that results match theirs exactly. Internal API.
 */
public final class Jpeg12Decoder {

    private static final String CODEC = "JPEG";

    /** F.1.1.5: zig-zag order to natural order. */
    private static final int[] NATURAL = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40,
        48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
        52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

    private static final int CONST_BITS = 13;
    // Rotation constants cos/sin(k*pi/16) combinations scaled by 2^13 (LLM IDCT).
    private static final long FIX_0_298631336 = 2446;
    private static final long FIX_0_390180644 = 3196;
    private static final long FIX_0_541196100 = 4433;
    private static final long FIX_0_765366865 = 6270;
    private static final long FIX_0_899976223 = 7373;
    private static final long FIX_1_175875602 = 9633;
    private static final long FIX_1_501321110 = 12299;
    private static final long FIX_1_847759065 = 15137;
    private static final long FIX_1_961570560 = 16069;
    private static final long FIX_2_053119869 = 16819;
    private static final long FIX_2_562915447 = 20995;
    private static final long FIX_3_072711026 = 25172;

    private final byte[] b;
    private final int rows;
    private final int columns;
    private int pos;
    private final int[][] quant = new int[4][];
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private int restartInterval;
    private int precision = -1;
    private int componentId;
    private int quantSelector;
    private boolean scanned;
    private int[] out;

    private Jpeg12Decoder(byte[] b, int rows, int columns) {
        this.b = b;
        this.rows = rows;
        this.columns = columns;
    }

    /** Decodes a 12-bit (or 8-bit) single component sequential JPEG frame to samples. */
    public static int[] decode(byte[] data, int rows, int columns) {
        return new Jpeg12Decoder(data, rows, columns).run();
    }

    private int[] run() {
        JpegMarkers.checkStart(b, CODEC);
        pos = 2;
        while (true) {
            if (pos >= b.length && scanned) {
                break; // missing EOI tolerated after the scan
            }
            int marker = nextMarker();
            if (marker == 0xD9) {
                break;
            }
            int len = segmentLength();
            int s = pos + 2;
            switch (marker) {
                case 0xC0: case 0xC1:
                    frameHeader(s, len);
                    break;
                case 0xC4:
                    HuffmanTable.readSegment(b, s, pos + len, dcTables, acTables, CODEC);
                    break;
                case 0xDB:
                    quantTables(s, len);
                    break;
                case 0xDD:
                    if (len != 4) {
                        throw corrupt(CODEC, "DRI length " + len);
                    }
                    restartInterval = u16(s);
                    break;
                case 0xDA:
                    pos += len;
                    pos = scan(s, len);
                    continue;
                default:
                    if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                        throw unsupported(CODEC,
                                String.format("JPEG process SOF%d with 12-bit samples", marker - 0xC0));
                    }
                    // APPn, COM, DNL etc. are skipped
            }
            pos += len;
        }
        if (!scanned) {
            throw corrupt(CODEC, "no scan");
        }
        return out;
    }

    /** B.2.2 frame header. */
    private void frameHeader(int s, int len) {
        if (precision >= 0) {
            throw corrupt(CODEC, "second frame header");
        }
        FrameHeader h = FrameHeader.read(b, s, len, CODEC);
        precision = h.precision();
        if (precision != 12 && precision != 8) {
            throw corrupt(CODEC, "DCT precision " + precision + " (ISO 10918-1 allows 8 or 12)");
        }
        if (h.components() != 1) {
            throw unsupported(CODEC, "12-bit JPEG with " + h.components() + " components");
        }
        h.checkSize(rows, columns, 1, CODEC);
        componentId = h.componentIds()[0];
        quantSelector = h.quantSelectors()[0];
        if (quantSelector > 3) {
            throw corrupt(CODEC, "quantization table selector " + quantSelector);
        }
    }

    /** B.2.4.1 quantization tables: 8-bit (Pq 0) or 16-bit (Pq 1) values in zig-zag order. */
    private void quantTables(int s, int len) {
        int p = s;
        int end = pos + len;
        while (p < end) {
            int pq = u8(p) >> 4;
            int tq = u8(p) & 15;
            if (tq > 3 || pq > 1 || p + 1 + 64 * (pq + 1) > end) {
                throw corrupt(CODEC, "invalid quantization table");
            }
            int[] t = new int[64];
            for (int i = 0; i < 64; i++) {
                t[NATURAL[i]] = pq == 0 ? u8(p + 1 + i) : u16(p + 1 + 2 * i);
            }
            quant[tq] = t;
            p += 1 + 64 * (pq + 1);
        }
    }

    /** B.2.3 scan header and F.2 decoding of the single-component scan; returns the offset after it. */
    private int scan(int s, int len) {
        if (precision < 0) {
            throw corrupt(CODEC, "scan before the frame header");
        }
        if (scanned) {
            throw unsupported(CODEC, "more than one scan");
        }
        int ns = u8(s);
        if (ns != 1 || len != 6 + 2 * ns) {
            throw corrupt(CODEC, "scan header with " + ns + " components");
        }
        if (u8(s + 1) != componentId) {
            throw corrupt(CODEC, "scan component " + u8(s + 1) + " is not in the frame");
        }
        int td = u8(s + 2) >> 4;
        int ta = u8(s + 2) & 15;
        if (td > 3 || ta > 3) {
            throw corrupt(CODEC, "Huffman table selector out of range");
        }
        HuffmanTable dc = dcTables[td];
        HuffmanTable ac = acTables[ta];
        int[] q = quant[quantSelector];
        if (dc == null || ac == null || q == null) {
            throw corrupt(CODEC, "scan uses an undefined Huffman or quantization table");
        }
        // Ss, Se, Ah and Al carry no information in sequential mode; some encoders write other values there
        // (B.2.3), which decoders ignore.
        int bw = (columns + 7) / 8;
        int bh = (rows + 7) / 8;
        out = new int[rows * columns];
        int[] coef = new int[64];
        int[] ws = new int[64];
        int[] block = new int[64];
        int pred = 0;
        int maxSample = (1 << precision) - 1;
        int mcus = bw * bh;
        int restartsSeen = 0;
        HuffmanReader in = new HuffmanReader(b, pos, CODEC);
        for (int m = 0; m < mcus; m++) {
            if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
                // F.2.1.3.1: the DC prediction starts afresh after each restart marker.
                in.restart(restartsSeen++);
                pred = 0;
            }
            java.util.Arrays.fill(coef, 0);
            // F.2.2.1: DC difference.
            int t = in.decode(dc);
            if (t > 16) {
                throw corrupt(CODEC, "DC magnitude category " + t);
            }
            pred += in.receiveExtend(t);
            coef[0] = pred;
            // F.2.2.2: AC coefficients.
            for (int k = 1; k < 64; k++) {
                int rs = in.decode(ac);
                int r = rs >> 4;
                int sz = rs & 15;
                if (sz == 0) {
                    if (r != 15) {
                        break; // EOB
                    }
                    k += 15;
                    continue;
                }
                k += r;
                if (k > 63) {
                    throw corrupt(CODEC, "AC coefficient index beyond 63");
                }
                coef[NATURAL[k]] = in.receiveExtend(sz);
            }
            idct(coef, q, ws, block, maxSample);
            int bx = (m % bw) * 8;
            int by = (m / bw) * 8;
            for (int yy = 0; yy < 8 && by + yy < rows; yy++) {
                for (int xx = 0; xx < 8 && bx + xx < columns; xx++) {
                    out[(by + yy) * columns + bx + xx] = block[yy * 8 + xx];
                }
            }
        }
        in.end();
        scanned = true;
        return in.position();
    }

    /**
     * A.3.3 inverse DCT as an integer LLM factorisation: columns first with PASS1_BITS extra bits of precision,
     * then rows, descaled, level-shifted by 2^(P-1) and clamped with the wrap-around of a 4 x 2^P range table.
     */
    private static void idct(int[] coef, int[] q, int[] ws, int[] outBlock, int maxSample) {
        int pass1 = maxSample > 255 ? 1 : 2;
        for (int col = 0; col < 8; col++) {
            if (coef[8 + col] == 0 && coef[16 + col] == 0 && coef[24 + col] == 0 && coef[32 + col] == 0
                    && coef[40 + col] == 0 && coef[48 + col] == 0 && coef[56 + col] == 0) {
                int dc = (int) ((long) coef[col] * q[col] << pass1);
                for (int r = 0; r < 8; r++) {
                    ws[r * 8 + col] = dc;
                }
                continue;
            }
            long z2 = (long) coef[16 + col] * q[16 + col];
            long z3 = (long) coef[48 + col] * q[48 + col];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 + z3 * -FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            z2 = (long) coef[col] * q[col];
            z3 = (long) coef[32 + col] * q[32 + col];
            long tmp0 = (z2 + z3) << CONST_BITS;
            long tmp1 = (z2 - z3) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;
            long o0 = (long) coef[56 + col] * q[56 + col];
            long o1 = (long) coef[40 + col] * q[40 + col];
            long o2 = (long) coef[24 + col] * q[24 + col];
            long o3 = (long) coef[8 + col] * q[8 + col];
            long[] odd = odd(o0, o1, o2, o3);
            int shift = CONST_BITS - pass1;
            ws[col] = (int) descale(tmp10 + odd[3], shift);
            ws[56 + col] = (int) descale(tmp10 - odd[3], shift);
            ws[8 + col] = (int) descale(tmp11 + odd[2], shift);
            ws[48 + col] = (int) descale(tmp11 - odd[2], shift);
            ws[16 + col] = (int) descale(tmp12 + odd[1], shift);
            ws[40 + col] = (int) descale(tmp12 - odd[1], shift);
            ws[24 + col] = (int) descale(tmp13 + odd[0], shift);
            ws[32 + col] = (int) descale(tmp13 - odd[0], shift);
        }
        int shift = CONST_BITS + pass1 + 3;
        for (int row = 0; row < 8; row++) {
            int r = row * 8;
            long z2 = ws[r + 2];
            long z3 = ws[r + 6];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 + z3 * -FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            long tmp0 = ((long) ws[r] + ws[r + 4]) << CONST_BITS;
            long tmp1 = ((long) ws[r] - ws[r + 4]) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;
            long[] odd = odd(ws[r + 7], ws[r + 5], ws[r + 3], ws[r + 1]);
            outBlock[r] = limit(descale(tmp10 + odd[3], shift), maxSample);
            outBlock[r + 7] = limit(descale(tmp10 - odd[3], shift), maxSample);
            outBlock[r + 1] = limit(descale(tmp11 + odd[2], shift), maxSample);
            outBlock[r + 6] = limit(descale(tmp11 - odd[2], shift), maxSample);
            outBlock[r + 2] = limit(descale(tmp12 + odd[1], shift), maxSample);
            outBlock[r + 5] = limit(descale(tmp12 - odd[1], shift), maxSample);
            outBlock[r + 3] = limit(descale(tmp13 + odd[0], shift), maxSample);
            outBlock[r + 4] = limit(descale(tmp13 - odd[0], shift), maxSample);
        }
    }

    /** Odd part of the 8-point LLM IDCT for inputs 7, 5, 3, 1; returns the four rotated terms. */
    private static long[] odd(long t0, long t1, long t2, long t3) {
        long z1 = t0 + t3;
        long z2 = t1 + t2;
        long z3 = t0 + t2;
        long z4 = t1 + t3;
        long z5 = (z3 + z4) * FIX_1_175875602;
        t0 *= FIX_0_298631336;
        t1 *= FIX_2_053119869;
        t2 *= FIX_3_072711026;
        t3 *= FIX_1_501321110;
        z1 *= -FIX_0_899976223;
        z2 *= -FIX_2_562915447;
        z3 *= -FIX_1_961570560;
        z4 *= -FIX_0_390180644;
        z3 += z5;
        z4 += z5;
        return new long[] {t0 + z1 + z3, t1 + z2 + z4, t2 + z2 + z3, t3 + z1 + z4};
    }

    private static long descale(long x, int n) {
        return (x + (1L << (n - 1))) >> n;
    }

    /**
     * Level shift by 2^(P-1) and clamp to [0, 2^P - 1], computed on the value masked to 4 x 2^P like a range
     * limit table: [-C, C) maps to [0, 2C), larger values to the maximum, the far negative side to 0.
     */
    private static int limit(long x, int maxSample) {
        int full = maxSample + 1;
        int center = full / 2;
        int m = (int) (x & (4L * full - 1));
        if (m < center) {
            return m + center;
        }
        if (m < 2 * full) {
            return maxSample;
        }
        if (m < 4 * full - center) {
            return 0;
        }
        return m - 4 * full + center;
    }

    private int nextMarker() {
        pos = JpegMarkers.markerCode(b, pos, CODEC);
        return b[pos++] & 0xFF;
    }

    private int segmentLength() {
        return JpegMarkers.segmentLength(b, pos, CODEC);
    }

    private int u8(int at) {
        return b[at] & 0xFF;
    }

    private int u16(int at) {
        return u8(at) << 8 | u8(at + 1);
    }
}
