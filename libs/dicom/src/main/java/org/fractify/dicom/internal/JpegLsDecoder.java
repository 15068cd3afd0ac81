package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;
import static org.fractify.dicom.internal.CodecException.unsupported;

/**
 * JPEG-LS decoder written from ITU-T T.87 (ISO/IEC 14495-1), lossless and near-lossless, for the frames of
 * PS3.5 section A.4.3. Supports 2 to 16 bit precision, 1 or 3 components, all interleave modes (none, line,
 * sample), preset coding parameters (LSE id 1). Refuses mapping tables, restart intervals, point transforms and
 * subsampling as unsupported. Internal API.
 *
 * <p>Section references are to T.87: Annex A (coding procedures), Annex B (multi-component images), Annex C
 * (marker segments), Annex D (decoding).
 */
public final class JpegLsDecoder {

    private static final String CODEC = "JPEG-LS";

    /** A.7.1.1: order of run lengths, J[RUNindex]. */
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10,
        11, 12, 13, 14, 15};
    private static final int MIN_C = -128;
    private static final int MAX_C = 127;
    private static final int REGULAR_CONTEXTS = 365;

    private JpegLsDecoder() {
    }

    /** Decodes one frame to pixel-interleaved samples. */
    public static int[] decode(byte[] data, int rows, int columns, int samples) {
        return new Frame(data, rows, columns, samples).decode();
    }

    /** Marker-level parsing (Annex C) and the scans of one frame. */
    private static final class Frame {
        private final byte[] b;
        private final int rows;
        private final int columns;
        private final int samples;
        private int pos;
        private int precision = -1;
        private FrameHeader frame;
        private int maxVal;
        private int t1;
        private int t2;
        private int t3;
        private int reset;
        private final int[] out;
        private final boolean[] componentDone;

        Frame(byte[] b, int rows, int columns, int samples) {
            this.b = b;
            this.rows = rows;
            this.columns = columns;
            this.samples = samples;
            this.out = new int[rows * columns * samples];
            this.componentDone = new boolean[samples];
        }

        int[] decode() {
            JpegMarkers.checkStart(b, CODEC);
            pos = 2;
            while (true) {
                if (pos >= b.length && allComponentsDone()) {
                    break; // EOI missing after the last scan: tolerated
                }
                int marker = nextMarker();
                if (marker == 0xD9) { // EOI
                    break;
                }
                int len = segmentLength();
                int seg = pos + 2;
                switch (marker) {
                    case 0xF7: // SOF55, C.2.2
                        readFrameHeader(seg, len);
                        pos += len;
                        break;
                    case 0xF8: // LSE, C.2.4
                        readPresets(seg, len);
                        pos += len;
                        break;
                    case 0xDA: { // SOS, C.2.3
                        pos += len;
                        readScan(seg, len);
                        break;
                    }
                    case 0xDD: // DRI
                        if (len >= 4 && (u8(seg) << 8 | u8(seg + 1)) != 0) {
                            throw unsupported(CODEC, "restart interval");
                        }
                        pos += len;
                        break;
                    case 0xE8: // APP8: HP "mrfx" colour transform extension
                        if (len >= 7 && b[seg] == 'm' && b[seg + 1] == 'r' && b[seg + 2] == 'f' && b[seg + 3] == 'x'
                                && u8(seg + 4) != 0) {
                            throw unsupported(CODEC, "HP colour transform (APP8 mrfx)");
                        }
                        pos += len;
                        break;
                    default:
                        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                            throw corrupt(CODEC, String.format("JPEG frame header FF%02X in a JPEG-LS stream", marker));
                        }
                        pos += len; // APPn, COM and others are skipped
                }
            }
            for (int c = 0; c < samples; c++) {
                if (!componentDone[c]) {
                    throw corrupt(CODEC, "no scan for component " + c);
                }
            }
            return out;
        }

        private boolean allComponentsDone() {
            for (boolean d : componentDone) {
                if (!d) {
                    return false;
                }
            }
            return true;
        }

        private int nextMarker() {
            pos = JpegMarkers.markerCode(b, pos, CODEC);
            return b[pos++] & 0xFF;
        }

        private int segmentLength() {
            return JpegMarkers.segmentLength(b, pos, CODEC);
        }

        private void readFrameHeader(int s, int len) {
            if (precision >= 0) {
                throw corrupt(CODEC, "second frame header");
            }
            FrameHeader h = FrameHeader.read(b, s, len, CODEC);
            h.checkLossless(rows, columns, samples, CODEC);
            precision = h.precision();
            frame = h;
            if (maxVal == 0) {
                maxVal = (1 << precision) - 1;
            }
        }

        /** C.2.4.1.1: preset coding parameters; zero means "default". */
        private void readPresets(int s, int len) {
            int id = len >= 3 ? u8(s) : -1;
            if (id == 1) {
                if (len < 13) {
                    throw corrupt(CODEC, "LSE preset parameters too short");
                }
                maxVal = u16(s + 1);
                t1 = u16(s + 3);
                t2 = u16(s + 5);
                t3 = u16(s + 7);
                reset = u16(s + 9);
            } else if (id == 2 || id == 3) {
                throw unsupported(CODEC, "mapping table (LSE id " + id + ")");
            } else if (id == 4) {
                throw unsupported(CODEC, "oversize image dimensions (LSE id 4)");
            } else {
                throw corrupt(CODEC, "LSE id " + id);
            }
        }

        private void readScan(int s, int len) {
            if (precision < 0) {
                throw corrupt(CODEC, "scan before the frame header");
            }
            int ns = u8(s);
            if (ns < 1 || len != 6 + 2 * ns) {
                throw corrupt(CODEC, "scan header length " + len + " for " + ns + " components");
            }
            int[] comps = new int[ns];
            for (int i = 0; i < ns; i++) {
                int id = u8(s + 1 + 2 * i);
                int idx = frame.indexOf(id);
                if (idx < 0 || componentDone[idx]) {
                    throw corrupt(CODEC, "scan component " + id + " unknown or repeated");
                }
                if (u8(s + 2 + 2 * i) != 0) {
                    throw unsupported(CODEC, "mapping table selection");
                }
                comps[i] = idx;
            }
            int near = u8(s + 1 + 2 * ns);
            int ilv = u8(s + 2 + 2 * ns);
            int pointTransform = u8(s + 3 + 2 * ns) & 0x0F;
            if (pointTransform != 0) {
                throw unsupported(CODEC, "point transform");
            }
            if (ilv > 2 || ilv == 0 && ns != 1 || ilv > 0 && ns == 1 && samples > 1) {
                throw corrupt(CODEC, "interleave mode " + ilv + " with " + ns + " components");
            }
            if (maxVal < 1 || maxVal >= 1 << precision || near > Math.min(255, maxVal / 2)) {
                throw corrupt(CODEC, "MAXVAL " + maxVal + " / NEAR " + near + " out of range");
            }
            Scan scan = new Scan(this, comps, near, ilv);
            pos = scan.run(pos);
            for (int c : comps) {
                componentDone[c] = true;
            }
        }

        private int u8(int at) {
            return b[at] & 0xFF;
        }

        private int u16(int at) {
            return u8(at) << 8 | u8(at + 1);
        }
    }

    /** One scan: bit reader, context state and the per-line decoding (Annex A, B and D). */
    private static final class Scan {
        private final Frame f;
        private final int[] comps;
        private final int near;
        private final int ilv;
        private final int maxVal;
        private final int range;
        private final int qbpp;
        private final int limit;
        private final int t1;
        private final int t2;
        private final int t3;
        private final int reset;
        private final int quant; // 2 * NEAR + 1
        // Context variables A.2.1 (indices 365 and 366 are the run interruption contexts).
        private final int[] a = new int[REGULAR_CONTEXTS + 2];
        private final int[] bb = new int[REGULAR_CONTEXTS + 2];
        private final int[] c = new int[REGULAR_CONTEXTS];
        private final int[] n = new int[REGULAR_CONTEXTS + 2];
        private final int[] nn = new int[2];
        private final int[] runIndex;
        private int currentComponent;
        // Bit reader state (D.1: bit stuffing after 0xFF).
        private byte[] data;
        private int bytePos;
        private int bitBuf;
        private int bitsLeft;
        private boolean lastWasFF;

        Scan(Frame f, int[] comps, int near, int ilv) {
            this.f = f;
            this.comps = comps;
            this.near = near;
            this.ilv = ilv;
            this.maxVal = f.maxVal;
            this.quant = 2 * near + 1;
            // A.2.1: RANGE, qbpp, bpp, LIMIT.
            this.range = (maxVal + 2 * near) / quant + 1;
            this.qbpp = ceilLog2(range);
            int bpp = Math.max(2, ceilLog2(maxVal + 1));
            this.limit = 2 * (bpp + Math.max(8, bpp));
            // C.2.4.1.1.1: default thresholds.
            int dt1;
            int dt2;
            int dt3;
            if (maxVal >= 128) {
                int factor = (Math.min(maxVal, 4095) + 128) / 256;
                dt1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1, maxVal);
                dt2 = clamp(factor * (7 - 3) + 3 + 5 * near, dt1, maxVal);
                dt3 = clamp(factor * (21 - 4) + 4 + 7 * near, dt2, maxVal);
            } else {
                int factor = 256 / (maxVal + 1);
                dt1 = clamp(Math.max(2, 3 / factor + 3 * near), near + 1, maxVal);
                dt2 = clamp(Math.max(3, 7 / factor + 5 * near), dt1, maxVal);
                dt3 = clamp(Math.max(4, 21 / factor + 7 * near), dt2, maxVal);
            }
            this.t1 = f.t1 != 0 ? f.t1 : dt1;
            this.t2 = f.t2 != 0 ? f.t2 : dt2;
            this.t3 = f.t3 != 0 ? f.t3 : dt3;
            this.reset = f.reset != 0 ? f.reset : 64;
            if (t1 < near + 1 || t2 < t1 || t3 < t2 || t3 > maxVal && f.t3 != 0 || reset < 3) {
                throw corrupt(CODEC, "invalid preset thresholds " + t1 + "/" + t2 + "/" + t3 + " reset " + reset);
            }
            int aInit = Math.max(2, (range + 32) / 64);
            java.util.Arrays.fill(a, aInit);
            java.util.Arrays.fill(n, 1);
            this.runIndex = new int[comps.length];
        }

        private static int clamp(int i, int j, int maxVal) {
            return i > maxVal || i < j ? j : i;
        }

        private static int ceilLog2(int v) {
            int k = 0;
            while ((1L << k) < v) {
                k++;
            }
            return k;
        }

        /** Decodes the scan data starting at {@code start}; returns the position of the marker that ends it. */
        int run(int start) {
            data = f.b;
            bytePos = start;
            int w = f.columns;
            int h = f.rows;
            int nc = comps.length;
            int lineComponents = ilv == 2 ? nc : 1;
            // Line buffers with one sample of margin on each side (A.2.1 edge rules), per component.
            int stride = w + 2;
            int[][] prev = new int[nc][stride * lineComponents];
            int[][] cur = new int[nc][stride * lineComponents];
            if (ilv == 2) {
                prev = new int[1][stride * nc];
                cur = new int[1][stride * nc];
            }
            for (int y = 0; y < h; y++) {
                if (ilv == 2) {
                    decodeSampleInterleavedLine(prev[0], cur[0], w, nc, y);
                    int[] t = prev[0];
                    prev[0] = cur[0];
                    cur[0] = t;
                } else {
                    for (int ci = 0; ci < nc; ci++) {
                        currentComponent = ci;
                        decodeLine(prev[ci], cur[ci], w);
                        store(cur[ci], y, comps[ci], w);
                        int[] t = prev[ci];
                        prev[ci] = cur[ci];
                        cur[ci] = t;
                    }
                }
            }
            return endOfScan();
        }

        private void store(int[] line, int y, int component, int w) {
            int spp = f.samples;
            int base = y * w * spp + component;
            for (int x = 0; x < w; x++) {
                f.out[base + x * spp] = line[x + 1];
            }
        }

        /** One line of one component (A.2 to A.7); samples at cur[1..w], cur[0] and cur[w+1] are margins. */
        private void decodeLine(int[] prev, int[] cur, int w) {
            // A.2.1: Ra of the first sample is Rb; Rc of the first sample is the previous line's Ra; Rd of the
            // last sample is Rb.
            prev[w + 1] = prev[w];
            cur[0] = prev[1];
            int x = 1;
            while (x <= w) {
                int ra = cur[x - 1];
                int rb = prev[x];
                int rc = prev[x - 1];
                int rd = prev[x + 1];
                int d1 = rd - rb;
                int d2 = rb - rc;
                int d3 = rc - ra;
                if (Math.abs(d1) <= near && Math.abs(d2) <= near && Math.abs(d3) <= near) {
                    x = runMode(prev, cur, x, w);
                } else {
                    cur[x] = regular(ra, rb, rc, d1, d2, d3);
                    x++;
                }
            }
        }

        /** Sample-interleaved line (B.3): all components of a pixel in turn, one run mode for the pixel. */
        private void decodeSampleInterleavedLine(int[] prev, int[] cur, int w, int nc, int y) {
            for (int k = 0; k < nc; k++) {
                prev[(w + 1) * nc + k] = prev[w * nc + k];
                cur[k] = prev[nc + k];
            }
            int x = 1;
            int[] q = new int[3 * nc];
            while (x <= w) {
                boolean allFlat = true;
                for (int k = 0; k < nc; k++) {
                    int ra = cur[(x - 1) * nc + k];
                    int rb = prev[x * nc + k];
                    int rc = prev[(x - 1) * nc + k];
                    int rd = prev[(x + 1) * nc + k];
                    q[3 * k] = rd - rb;
                    q[3 * k + 1] = rb - rc;
                    q[3 * k + 2] = rc - ra;
                    allFlat &= Math.abs(q[3 * k]) <= near && Math.abs(q[3 * k + 1]) <= near
                            && Math.abs(q[3 * k + 2]) <= near;
                }
                if (allFlat) {
                    x = runModeInterleaved(prev, cur, x, w, nc);
                } else {
                    for (int k = 0; k < nc; k++) {
                        cur[x * nc + k] = regular(cur[(x - 1) * nc + k], prev[x * nc + k], prev[(x - 1) * nc + k],
                                q[3 * k], q[3 * k + 1], q[3 * k + 2]);
                    }
                    x++;
                }
            }
            int spp = f.samples;
            for (int px = 0; px < w; px++) {
                for (int k = 0; k < nc; k++) {
                    f.out[(y * w + px) * spp + comps[k]] = cur[(px + 1) * nc + k];
                }
            }
        }

        /** A.3 to A.6: regular mode for one sample. */
        private int regular(int ra, int rb, int rc, int d1, int d2, int d3) {
            int q1 = quantize(d1);
            int q2 = quantize(d2);
            int q3 = quantize(d3);
            // A.3.4: sign of the context.
            int sign = 1;
            if (q1 < 0 || q1 == 0 && (q2 < 0 || q2 == 0 && q3 < 0)) {
                sign = -1;
                q1 = -q1;
                q2 = -q2;
                q3 = -q3;
            }
            int q = 81 * q1 + 9 * q2 + q3;
            // A.4.1: edge-detecting predictor.
            int px;
            if (rc >= Math.max(ra, rb)) {
                px = Math.min(ra, rb);
            } else if (rc <= Math.min(ra, rb)) {
                px = Math.max(ra, rb);
            } else {
                px = ra + rb - rc;
            }
            // A.4.2: prediction correction.
            px += sign * c[q];
            if (px > maxVal) {
                px = maxVal;
            } else if (px < 0) {
                px = 0;
            }
            // A.5.1: Golomb parameter.
            int k = 0;
            while ((n[q] << k) < a[q]) {
                k++;
                if (k > 31) {
                    throw corrupt(CODEC, "Golomb parameter overflow");
                }
            }
            int mErrval = golomb(k, limit);
            // A.5.2 inverse error mapping (with the special mapping for NEAR = 0, k = 0, 2B <= -N).
            int errval;
            if (near == 0 && k == 0 && 2 * bb[q] <= -n[q]) {
                errval = (mErrval & 1) != 0 ? (mErrval - 1) >> 1 : -(mErrval >> 1) - 1;
            } else {
                errval = (mErrval & 1) == 0 ? mErrval >> 1 : -((mErrval + 1) >> 1);
            }
            // A.6.1: context update.
            bb[q] += errval * quant;
            a[q] += Math.abs(errval);
            if (n[q] == reset) {
                a[q] >>= 1;
                bb[q] >>= 1;
                n[q] >>= 1;
            }
            n[q]++;
            // A.6.2: bias correction.
            if (bb[q] <= -n[q]) {
                bb[q] += n[q];
                if (c[q] > MIN_C) {
                    c[q]--;
                }
                if (bb[q] <= -n[q]) {
                    bb[q] = -n[q] + 1;
                }
            } else if (bb[q] > 0) {
                bb[q] -= n[q];
                if (c[q] < MAX_C) {
                    c[q]++;
                }
                if (bb[q] > 0) {
                    bb[q] = 0;
                }
            }
            return reconstruct(px, sign * errval);
        }

        /** A.4.4 and A.7.2: reconstruction with modulo reduction (A.4.5) and clamping. */
        private int reconstruct(int px, int errval) {
            int rx = px + errval * quant;
            if (rx < -near) {
                rx += range * quant;
            } else if (rx > maxVal + near) {
                rx -= range * quant;
            }
            if (rx < 0) {
                return 0;
            }
            return Math.min(rx, maxVal);
        }

        private int quantize(int d) {
            // A.3.3: gradient quantization.
            if (d <= -t3) {
                return -4;
            }
            if (d <= -t2) {
                return -3;
            }
            if (d <= -t1) {
                return -2;
            }
            if (d < -near) {
                return -1;
            }
            if (d <= near) {
                return 0;
            }
            if (d < t1) {
                return 1;
            }
            if (d < t2) {
                return 2;
            }
            if (d < t3) {
                return 3;
            }
            return 4;
        }

        /**
         * A.7.1: run length decoding. Returns the number of samples (from {@code remaining}) that repeat the run
         * value; sets {@code interrupted[0]} when the run ended before the end of the line.
         */
        private int runLength(int component, int remaining, boolean[] interrupted) {
            int count = 0;
            while (readBit() == 1) {
                int block = 1 << J[runIndex[component]];
                int add = Math.min(block, remaining - count);
                count += add;
                if (add == block && runIndex[component] < 31) {
                    runIndex[component]++;
                }
                if (count == remaining) {
                    interrupted[0] = false;
                    return count;
                }
            }
            int j = J[runIndex[component]];
            if (j > 0) {
                count += readBits(j);
            }
            if (count >= remaining) {
                throw corrupt(CODEC, "run of " + count + " samples exceeds the " + remaining + " left in the line");
            }
            interrupted[0] = true;
            return count;
        }

        private int runMode(int[] prev, int[] cur, int x, int w) {
            int ra = cur[x - 1];
            boolean[] interrupted = new boolean[1];
            int comp = currentComponent;
            int len = runLength(comp, w - x + 1, interrupted);
            for (int i = 0; i < len; i++) {
                cur[x + i] = ra;
            }
            x += len;
            if (!interrupted[0]) {
                return x;
            }
            // A.7.2: run interruption sample.
            int rb = prev[x];
            int riType = Math.abs(ra - rb) <= near ? 1 : 0;
            int errval = runInterruption(riType, comp);
            if (riType == 1) {
                cur[x] = reconstruct(ra, errval);
            } else {
                cur[x] = reconstruct(rb, rb >= ra ? errval : -errval);
            }
            if (runIndex[comp] > 0) {
                runIndex[comp]--;
            }
            return x + 1;
        }

        private int runModeInterleaved(int[] prev, int[] cur, int x, int w, int nc) {
            boolean[] interrupted = new boolean[1];
            int len = runLength(0, w - x + 1, interrupted);
            for (int i = 0; i < len; i++) {
                for (int k = 0; k < nc; k++) {
                    cur[(x + i) * nc + k] = cur[(x - 1) * nc + k];
                }
            }
            x += len;
            if (!interrupted[0]) {
                return x;
            }
            // B.3: the interruption pixel codes each component with the RItype 0 context, predicted from Rb.
            for (int k = 0; k < nc; k++) {
                int ra = cur[(x - 1) * nc + k];
                int rb = prev[x * nc + k];
                int errval = runInterruption(0, 0);
                cur[x * nc + k] = reconstruct(rb, rb >= ra ? errval : -errval);
            }
            if (runIndex[0] > 0) {
                runIndex[0]--;
            }
            return x + 1;
        }

        /** A.7.2: error of a run interruption sample (contexts 365 + RItype). */
        private int runInterruption(int riType, int component) {
            int q = REGULAR_CONTEXTS + riType;
            int temp = riType == 0 ? a[q] : a[q] + (n[q] >> 1);
            int k = 0;
            while ((n[q] << k) < temp) {
                k++;
                if (k > 31) {
                    throw corrupt(CODEC, "Golomb parameter overflow");
                }
            }
            int emErrval = golomb(k, limit - J[runIndex[component]] - 1);
            // Inverse of A.7.2.2: EMErrval = 2|Errval| - RItype - map.
            int t = emErrval + riType;
            int map = t & 1;
            int abs = (t + map) >> 1;
            boolean negativeWhenMapped = k != 0 || 2 * nn[riType] >= n[q];
            int errval = (map == 1) == negativeWhenMapped ? -abs : abs;
            // A.7.2.3: update.
            if (errval < 0) {
                nn[riType]++;
            }
            a[q] += (emErrval + 1 - riType) >> 1;
            if (n[q] == reset) {
                a[q] >>= 1;
                n[q] >>= 1;
                nn[riType] >>= 1;
            }
            n[q]++;
            return errval;
        }

        /** A.5.3: limited-length Golomb code. */
        private int golomb(int k, int lim) {
            int maxUnary = lim - qbpp - 1;
            int unary = 0;
            while (readBit() == 0) {
                unary++;
                if (unary > maxUnary) {
                    throw corrupt(CODEC, "Golomb code longer than LIMIT");
                }
            }
            if (unary < maxUnary) {
                return k == 0 ? unary : unary << k | readBits(k);
            }
            return readBits(qbpp) + 1;
        }

        private int readBits(int count) {
            int v = 0;
            for (int i = 0; i < count; i++) {
                v = v << 1 | readBit();
            }
            return v;
        }

        /** D.1: bits MSB first; after a 0xFF byte the next byte carries 7 bits (its MSB is a stuffed 0). */
        private int readBit() {
            if (bitsLeft == 0) {
                if (bytePos >= data.length) {
                    throw corrupt(CODEC, "scan data ends before the image is complete");
                }
                int v = data[bytePos] & 0xFF;
                if (lastWasFF) {
                    if (v >= 0x80) {
                        throw corrupt(CODEC,
                                String.format("marker FF%02X inside the scan before the image is complete", v));
                    }
                    bitBuf = v;
                    bitsLeft = 7;
                } else {
                    bitBuf = v;
                    bitsLeft = 8;
                }
                lastWasFF = v == 0xFF;
                bytePos++;
            }
            bitsLeft--;
            return (bitBuf >>> bitsLeft) & 1;
        }

        /**
         * After the last sample the scan must end: the rest of the current byte is padding, then the next marker
         * follows (a trailing 0xFF of the data may be followed by the marker prefix). Anything else means the
         * decoder lost synchronisation with the encoder, i.e. the data is corrupt.
         */
        private int endOfScan() {
            int p = bytePos;
            if (lastWasFF && p < data.length && (data[p] & 0xFF) < 0x80) {
                p++; // the stuffed byte after a data 0xFF
            }
            if (p + 1 < data.length && (data[p] & 0xFF) == 0xFF && (data[p + 1] & 0xFF) >= 0x80) {
                return p;
            }
            throw corrupt(CODEC, "scan data continues after the last sample (" + (data.length - p) + " bytes left)");
        }
    }
}
