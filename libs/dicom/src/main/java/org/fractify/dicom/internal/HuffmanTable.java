package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;

/**
 * A canonical Huffman table of ISO/IEC 10918-1 (C.2 and F.2.2.3: MINCODE, MAXCODE, VALPTR) with a lookup table
 * for the codes of up to {@link #LOOKAHEAD} bits, as the JPEG decoders of this library read it with
 * {@link HuffmanReader}. Internal API.
 */
final class HuffmanTable {

    /** Codes of up to this many bits are decoded with one lookup. */
    static final int LOOKAHEAD = 9;

    private final int[] minCode = new int[17];
    private final int[] maxCode = new int[17];
    private final int[] valPtr = new int[17];
    private final int[] values;
    /** (length << 8 | value) for each 9-bit prefix that starts a code of at most 9 bits; 0 otherwise. */
    final int[] fast = new int[1 << LOOKAHEAD];

    /**
     * @param counts the number of codes of each length 1 to 16 (index 0 unused)
     * @param values the values in order of increasing code
     */
    HuffmanTable(int[] counts, int[] values, String codec) {
        this.values = values;
        int code = 0;
        int k = 0;
        for (int l = 1; l <= 16; l++) {
            valPtr[l] = k;
            minCode[l] = code;
            for (int i = 0; i < counts[l]; i++, code++, k++) {
                if (l <= LOOKAHEAD) {
                    int shift = LOOKAHEAD - l;
                    for (int fill = 0; fill < 1 << shift; fill++) {
                        fast[(code << shift) | fill] = l << 8 | values[k];
                    }
                }
            }
            maxCode[l] = counts[l] == 0 ? -1 : code - 1;
            if (code > 1 << l) {
                throw corrupt(codec, "Huffman table is over-subscribed");
            }
            code <<= 1;
        }
    }

    /**
     * The tables of a DHT segment (B.2.4.2) from {@code s} to {@code end}, stored by class and identifier into
     * {@code dc} and {@code ac}; with {@code ac} null (a lossless decoder) AC tables are checked and skipped.
     */
    static void readSegment(byte[] b, int s, int end, HuffmanTable[] dc, HuffmanTable[] ac, String codec) {
        int p = s;
        while (p < end) {
            if (p + 17 > end) {
                throw corrupt(codec, "Huffman table truncated");
            }
            int tc = (b[p] & 0xFF) >> 4;
            int th = b[p] & 15;
            if (tc > 1 || th > 3) {
                throw corrupt(codec, "invalid Huffman table class/id");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = b[p + l] & 0xFF;
                total += counts[l];
            }
            if (total > 256 || p + 17 + total > end) {
                throw corrupt(codec, "Huffman table with " + total + " codes");
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = b[p + 17 + i] & 0xFF;
            }
            if (tc == 0) {
                dc[th] = new HuffmanTable(counts, values, codec);
            } else if (ac != null) {
                ac[th] = new HuffmanTable(counts, values, codec);
            }
            p += 17 + total;
        }
    }

    /**
     * The code at the top of the low {@code bits} bits of {@code acc} (at least 16) as in {@link #fast}: for
     * the codes longer than the lookahead, 0 when no code of the table starts there.
     */
    int longCode(long acc, int bits) {
        for (int l = 1; l <= 16; l++) {
            int code = (int) (acc >>> (bits - l)) & ((1 << l) - 1);
            if (maxCode[l] >= 0 && code <= maxCode[l] && code >= minCode[l]) {
                return l << 8 | values[valPtr[l] + code - minCode[l]];
            }
        }
        return 0;
    }
}
