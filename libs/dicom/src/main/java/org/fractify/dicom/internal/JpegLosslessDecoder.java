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

    private final byte[] b;
    private final int rows;
    private final int columns;
    private final int samples;
    private int pos;
    private final HuffmanTable[] tables = new HuffmanTable[4];
    private int restartInterval;
    private int precision = -1;
    private FrameHeader frame;
    private boolean[] componentDone;
    private int[] out;
    private int scans;

    private JpegLosslessDecoder(byte[] b, int rows, int columns, int samples) {
        this.b = b;
        this.rows = rows;
        this.columns = columns;
        this.samples = samples;
    }

    /**
     * Decodes a lossless JPEG frame to pixel-interleaved samples (point transform undone, values modulo 2^16).
     *
     * @throws CodecException corrupt, or unsupported for a stream outside this decoder's scope
     */
    public static int[] decode(byte[] data, int rows, int columns, int samples) {
        return new JpegLosslessDecoder(data, rows, columns, samples).run();
    }

    private int[] run() {
        JpegMarkers.checkStart(b, CODEC);
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
                case 0xC4 -> HuffmanTable.readSegment(b, s, pos + len, tables, null, CODEC);
                case 0xDD -> {
                    if (len != 4) {
                        throw corrupt(CODEC, "DRI length " + len);
                    }
                    restartInterval = u16(s);
                }
                case 0xDA -> {
                    pos += len;
                    pos = scan(s, len);
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
        FrameHeader h = FrameHeader.read(b, s, len, CODEC);
        h.checkLossless(rows, columns, samples, CODEC);
        precision = h.precision();
        frame = h;
        componentDone = new boolean[samples];
        out = new int[rows * columns * samples];
    }

    /** B.2.3 scan header, then H.1.2 decoding of its samples; returns the offset after them. */
    private int scan(int s, int len) {
        if (precision < 0) {
            throw corrupt(CODEC, "scan before the frame header");
        }
        if (++scans > samples) {
            throw corrupt(CODEC, "more scans than components");
        }
        int ns = u8(s);
        if (ns < 1 || ns > samples || len != 6 + 2 * ns) {
            throw corrupt(CODEC, "scan header with " + ns + " components");
        }
        int[] comps = new int[ns];
        HuffmanTable[] huff = new HuffmanTable[ns];
        for (int j = 0; j < ns; j++) {
            int id = u8(s + 1 + 2 * j);
            int c = frame.indexOf(id);
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
        HuffmanReader in = new HuffmanReader(b, pos, CODEC);
        decodeSamples(in, comps, huff, predictor, pt, rowsPerInterval);
        if (pt > 0) {
            int nf = samples;
            for (int c : comps) {
                for (int i = c; i < out.length; i += nf) {
                    out[i] = out[i] << pt & 0xFFFF;
                }
            }
        }
        return in.position();
    }

    private void decodeSamples(HuffmanReader in, int[] comps, HuffmanTable[] huff, int predictor, int pt,
            int rowsPerInterval) {
        int nf = samples;
        int ns = comps.length;
        int initial = 1 << (precision - pt - 1);
        int stride = columns * nf;
        int restarts = 0;
        boolean firstLine = true;
        for (int y = 0; y < rows; y++) {
            if (rowsPerInterval > 0 && y > 0 && y % rowsPerInterval == 0) {
                in.restart(restarts++);
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
                    out[i] = (pred + difference(in, huff[j])) & 0xFFFF;
                }
            }
            firstLine = false;
            if (in.exhausted()) {
                throw corrupt(CODEC, "entropy-coded data ends before the image is complete");
            }
        }
        in.end();
    }

    /** H.1.2.2: the difference's magnitude category from the table, then its bits; category 16 is 32768. */
    private static int difference(HuffmanReader in, HuffmanTable h) {
        int t = in.decode(h);
        if (t == 0) {
            return 0;
        }
        if (t == 16) {
            return 32768;
        }
        if (t > 16) {
            throw corrupt(CODEC, "difference magnitude category " + t);
        }
        return in.receiveExtend(t);
    }

    private int nextMarker() {
        pos = JpegMarkers.markerCode(b, pos, CODEC);
        return b[pos++] & 0xFF;
    }

    private int segmentLength() {
        return JpegMarkers.segmentLength(b, pos, CODEC);
    }

    private int u8(int p) {
        return b[p] & 0xFF;
    }

    private int u16(int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }
}
