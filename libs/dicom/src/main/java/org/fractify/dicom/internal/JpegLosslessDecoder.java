package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;
import static org.fractify.dicom.internal.CodecException.unsupported;

/**
 * Lossless Huffman JPEG decoder (ISO/IEC 10918-1 process 14, SOF3; Annex H), the ".57" and ".70" frames of
 * PS3.5 section A.4.1, for components sampled 1x1 (what DICOM writers produce). It replaces the generic
 * ImageIO route for speed: a 9-bit Huffman lookahead and a 64-bit bit buffer. Streams outside its scope
 * (subsampled components, restart intervals that are not whole rows) are refused with
 * an unsupported {@link CodecException} so that the caller can use the general decoder. Internal API.
 *
 * <p>Section references are to ISO/IEC 10918-1 (ITU-T T.81): B (syntax), F.2.2 (Huffman decoding, shared with
 * the DCT processes), H.1.2 (prediction and difference coding).
 */
public final class JpegLosslessDecoder {

    private static final String CODEC = "JPEG lossless";

    private static final int LOOKAHEAD = 9;

    private final byte[] b;
    private final int rows;
    private final int columns;
    private int pos;
    private final Huffman[] tables = new Huffman[4];
    private int restartInterval;
    private int precision = -1;
    private int[] componentIds;
    private boolean[] componentDone;
    private int[] out;
    private int scans;
    // bit reader: the low `bits` bits of `acc` are unread, most significant first; the last `fake` of them are
    // zero padding added after a marker or the end of data (consuming them means the data was too short)
    private long acc;
    private int bits;
    private int fake;

    private JpegLosslessDecoder(byte[] b, int rows, int columns) {
        this.b = b;
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * Decodes a lossless JPEG frame to pixel-interleaved samples (point transform undone, values modulo 2^16).
     *
     * @throws CodecException corrupt, or unsupported for a stream outside this decoder's scope
     */
    public static int[] decode(byte[] data, int rows, int columns, int samples) {
        JpegLosslessDecoder d = new JpegLosslessDecoder(data, rows, columns);
        int[] values = d.run();
        if (d.componentIds.length != samples) {
            throw corrupt(CODEC, d.componentIds.length + " components for " + samples + " samples per pixel");
        }
        return values;
    }

    private int[] run() {
        if (b.length < 4 || u8(0) != 0xFF || u8(1) != 0xD8) {
            throw corrupt(CODEC, "stream does not start with SOI (FFD8)");
        }
        pos = 2;
        while (true) {
            if (pos >= b.length) {
                if (allComponentsDone()) {
                    break; // a missing EOI after complete scans is tolerated
                }
                throw corrupt(CODEC, "stream ends before every component is decoded");
            }
            int marker = nextMarker();
            if (marker == 0xD9) {
                break;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                continue;
            }
            int len = segmentLength();
            int s = pos + 2;
            switch (marker) {
                case 0xC3 -> frameHeader(s, len);
                case 0xC4 -> huffmanTables(s, len);
                case 0xDD -> {
                    if (len != 4) {
                        throw corrupt(CODEC, "DRI length " + len);
                    }
                    restartInterval = u16(s);
                }
                case 0xDA -> {
                    pos += len;
                    scan(s, len);
                    continue;
                }
                default -> {
                    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                        throw unsupported(CODEC, String.format("frame type SOF%d", marker - 0xC0));
                    }
                    // APPn, COM, DQT, DNL: nothing this decoder needs
                }
            }
            pos += len;
        }
        if (!allComponentsDone()) {
            throw corrupt(CODEC, "not every component has a scan");
        }
        return out;
    }

    private boolean allComponentsDone() {
        if (componentDone == null) {
            return false;
        }
        for (boolean done : componentDone) {
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /** B.2.2 frame header (SOF3). */
    private void frameHeader(int s, int len) {
        if (precision >= 0) {
            throw corrupt(CODEC, "second frame header");
        }
        if (len < 8) {
            throw corrupt(CODEC, "frame header too short");
        }
        precision = u8(s);
        int y = u16(s + 1);
        int x = u16(s + 3);
        int nf = u8(s + 5);
        if (nf == 0 || nf > 4 || len != 8 + 3 * nf) {
            throw corrupt(CODEC, "frame header length " + len + " for " + nf + " components");
        }
        if (precision < 2 || precision > 16) {
            throw corrupt(CODEC, "lossless precision " + precision);
        }
        if (x != columns || y != rows) {
            throw corrupt(CODEC, "frame header " + x + "x" + y + " does not match Columns x Rows " + columns + "x"
                    + rows);
        }
        componentIds = new int[nf];
        componentDone = new boolean[nf];
        for (int c = 0; c < nf; c++) {
            componentIds[c] = u8(s + 6 + 3 * c);
            if (u8(s + 7 + 3 * c) != 0x11) {
                throw unsupported(CODEC, "component subsampling");
            }
        }
        out = new int[rows * columns * nf];
    }

    /** B.2.4.2 Huffman tables (lossless uses the DC class). */
    private void huffmanTables(int s, int len) {
        int p = s;
        int end = pos + len;
        while (p < end) {
            if (p + 17 > end) {
                throw corrupt(CODEC, "Huffman table truncated");
            }
            int tc = u8(p) >> 4;
            int th = u8(p) & 15;
            if (tc > 1 || th > 3) {
                throw corrupt(CODEC, "invalid Huffman table class/id");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int l = 1; l <= 16; l++) {
                counts[l] = u8(p + l);
                total += counts[l];
            }
            if (total > 256 || p + 17 + total > end) {
                throw corrupt(CODEC, "Huffman table with " + total + " codes");
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = u8(p + 17 + i);
            }
            if (tc == 0) {
                tables[th] = new Huffman(counts, values);
            }
            p += 17 + total;
        }
    }

    /** B.2.3 scan header, then H.1.2 decoding of its samples. */
    private void scan(int s, int len) {
        if (precision < 0) {
            throw corrupt(CODEC, "scan before the frame header");
        }
        if (++scans > componentIds.length) {
            throw corrupt(CODEC, "more scans than components");
        }
        int ns = u8(s);
        if (ns < 1 || ns > componentIds.length || len != 6 + 2 * ns) {
            throw corrupt(CODEC, "scan header with " + ns + " components");
        }
        int[] comps = new int[ns];
        Huffman[] huff = new Huffman[ns];
        for (int j = 0; j < ns; j++) {
            int id = u8(s + 1 + 2 * j);
            int c = -1;
            for (int k = 0; k < componentIds.length; k++) {
                if (componentIds[k] == id) {
                    c = k;
                }
            }
            if (c < 0 || componentDone[c]) {
                throw corrupt(CODEC, "scan component " + id + " is not in the frame or already decoded");
            }
            componentDone[c] = true;
            comps[j] = c;
            int td = u8(s + 2 + 2 * j) >> 4;
            if (td > 3 || tables[td] == null) {
                throw corrupt(CODEC, "scan uses an undefined Huffman table");
            }
            huff[j] = tables[td];
        }
        int predictor = u8(s + 1 + 2 * ns);
        int pt = u8(s + 3 + 2 * ns) & 15;
        if (predictor < 1 || predictor > 7) {
            throw corrupt(CODEC, "predictor selection " + predictor + " (1 to 7 in lossless mode)");
        }
        if (pt >= precision) {
            throw corrupt(CODEC, "point transform " + pt + " for precision " + precision);
        }
        // H.1.1: restarts count MCUs (one sample of each scan component); only whole rows are supported here.
        int rowsPerInterval = 0;
        if (restartInterval > 0) {
            if (restartInterval % columns != 0) {
                throw unsupported(CODEC, "a restart interval of " + restartInterval + " samples (not whole rows)");
            }
            rowsPerInterval = restartInterval / columns;
        }
        decodeSamples(comps, huff, predictor, pt, rowsPerInterval);
        if (pt > 0) {
            int nf = componentIds.length;
            for (int c : comps) {
                for (int i = c; i < out.length; i += nf) {
                    out[i] = out[i] << pt & 0xFFFF;
                }
            }
        }
    }

    private void decodeSamples(int[] comps, Huffman[] huff, int predictor, int pt, int rowsPerInterval) {
        int nf = componentIds.length;
        int ns = comps.length;
        int initial = 1 << (precision - pt - 1);
        int stride = columns * nf;
        acc = 0;
        bits = 0;
        fake = 0;
        int restarts = 0;
        boolean firstLine = true;
        for (int y = 0; y < rows; y++) {
            if (rowsPerInterval > 0 && y > 0 && y % rowsPerInterval == 0) {
                restart(restarts++);
                firstLine = true;
            }
            int rowStart = y * stride;
            for (int x = 0; x < columns; x++) {
                for (int j = 0; j < ns; j++) {
                    int i = rowStart + x * nf + comps[j];
                    int pred;
                    if (firstLine) {
                        pred = x == 0 ? initial : out[i - nf];
                    } else if (x == 0) {
                        pred = out[i - stride];
                    } else {
                        int ra = out[i - nf];
                        int rb = out[i - stride];
                        int rc = out[i - stride - nf];
                        pred = switch (predictor) {
                            case 1 -> ra;
                            case 2 -> rb;
                            case 3 -> rc;
                            case 4 -> ra + rb - rc;
                            case 5 -> ra + ((rb - rc) >> 1);
                            case 6 -> rb + ((ra - rc) >> 1);
                            default -> (ra + rb) >> 1;
                        };
                    }
                    out[i] = (pred + difference(huff[j])) & 0xFFFF;
                }
            }
            firstLine = false;
            if (bits < fake) {
                throw corrupt(CODEC, "entropy-coded data ends before the image is complete");
            }
        }
        // The data ends at a marker, so only padding bits (fewer than 8) may be left unread (B.1.1.5); whole bytes
        // are data the frame has no place for, which the other decoders of this library call corruption.
        if (bits - fake >= 8 || pos < b.length && (u8(pos) != 0xFF || pos + 1 < b.length && u8(pos + 1) == 0)) {
            throw corrupt(CODEC, "extra data after the last sample");
        }
    }

    /** H.1.2.2: the difference's magnitude category from the table, then its bits; category 16 is 32768. */
    private int difference(Huffman h) {
        if (bits < 32) {
            fill();
        }
        int peek = (int) (acc >>> (bits - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1);
        int entry = h.fast[peek];
        int t;
        if (entry != 0) {
            bits -= entry >>> 8;
            t = entry & 0xFF;
        } else {
            t = h.slow(this);
        }
        if (t == 0) {
            return 0;
        }
        if (t == 16) {
            return 32768;
        }
        if (t > 16) {
            throw corrupt(CODEC, "difference magnitude category " + t);
        }
        int v = (int) (acc >>> (bits - t)) & ((1 << t) - 1);
        bits -= t;
        // F.2.2.1 EXTEND
        return v < 1 << (t - 1) ? v - (1 << t) + 1 : v;
    }

    /** Tops the buffer up to more than 56 bits; after a marker or the end of data, zeros (counted as fake). */
    private void fill() {
        while (bits <= 56) {
            int v;
            if (fake > 0 || pos >= b.length) {
                v = 0;
                fake += 8;
            } else {
                v = b[pos] & 0xFF;
                if (v == 0xFF) {
                    int next = pos + 1 < b.length ? b[pos + 1] & 0xFF : -1;
                    if (next == 0x00) {
                        pos += 2;
                    } else {
                        v = 0; // a marker: the entropy-coded segment ends here (B.1.1.5)
                        fake += 8;
                    }
                } else {
                    pos++;
                }
            }
            acc = acc << 8 | v;
            bits += 8;
        }
    }

    /** B.2.1 / H.1.1: byte-aligned RSTn, then prediction starts afresh. */
    private void restart(int n) {
        if (bits < fake) {
            throw corrupt(CODEC, "entropy-coded data ends before restart marker RST" + (n & 7));
        }
        if (bits - fake >= 8) {
            throw corrupt(CODEC, "extra data before restart marker RST" + (n & 7));
        }
        acc = 0;
        bits = 0;
        fake = 0;
        if (pos + 1 >= b.length || u8(pos) != 0xFF || u8(pos + 1) != 0xD0 + (n & 7)) {
            throw corrupt(CODEC, "expected restart marker RST" + (n & 7));
        }
        pos += 2;
    }

    private int nextMarker() {
        pos = JpegMarkers.markerCode(b, pos, "JPEG lossless");
        return b[pos++] & 0xFF;
    }

    private int segmentLength() {
        return JpegMarkers.segmentLength(b, pos, "JPEG lossless");
    }

    private int u8(int p) {
        return b[p] & 0xFF;
    }

    private int u16(int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    /** F.2.2.3 canonical Huffman decoding, with a table for codes of up to 9 bits. */
    private static final class Huffman {
        private final int[] minCode = new int[17];
        private final int[] maxCode = new int[17];
        private final int[] valPtr = new int[17];
        private final int[] values;
        /** (length << 8 | value) for each 9-bit prefix that starts a code of at most 9 bits; 0 otherwise. */
        final int[] fast = new int[1 << LOOKAHEAD];

        Huffman(int[] counts, int[] values) {
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
                    throw corrupt(CODEC, "Huffman table is over-subscribed");
                }
                code <<= 1;
            }
        }

        /** Codes longer than the lookahead. */
        int slow(JpegLosslessDecoder d) {
            for (int l = 1; l <= 16; l++) {
                int code = (int) (d.acc >>> (d.bits - l)) & ((1 << l) - 1);
                if (maxCode[l] >= 0 && code <= maxCode[l] && code >= minCode[l]) {
                    d.bits -= l;
                    return values[valPtr[l] + code - minCode[l]];
                }
            }
            throw corrupt(CODEC, "invalid Huffman code");
        }
    }
}
