package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;

/**
 * Marker-level parse of a JPEG (ISO 10918-1 Annex B) or JPEG-LS (ITU-T T.87 Annex C) stream up to the first
 * scan: the frame header (SOFn / SOF55) and the colour markers that decide whether 3-component data is YCbCr.
 * Used to check a stream against the DICOM Image Pixel attributes before any decoder allocates anything.
 * Internal API.
 */
public final class JpegHeader {

    private static final String CODEC = "JPEG";

    /** SOFn marker code (0xC0..0xCF except C4, C8, CC; 0xF7 for JPEG-LS). */
    public final int sofMarker;
    public final int precision;
    public final int height;
    public final int width;
    public final int components;
    public final int[] componentIds;
    public final int[] hSampling;
    public final int[] vSampling;
    /** Adobe APP14 colour transform (0 none, 1 YCbCr, 2 YCCK) or -1 when absent. */
    public final int adobeTransform;
    public final boolean jfif;
    /** Offset of the SOS marker. */
    public final int scanOffset;

    private JpegHeader(int sofMarker, int precision, int height, int width, int[] ids, int[] h, int[] v,
            int adobeTransform, boolean jfif, int scanOffset) {
        this.sofMarker = sofMarker;
        this.precision = precision;
        this.height = height;
        this.width = width;
        this.components = ids.length;
        this.componentIds = ids;
        this.hSampling = h;
        this.vSampling = v;
        this.adobeTransform = adobeTransform;
        this.jfif = jfif;
        this.scanOffset = scanOffset;
    }

    public static JpegHeader parse(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            throw corrupt(CODEC, "stream does not start with the SOI marker FFD8");
        }
        int pos = 2;
        int sof = -1;
        int precision = 0;
        int height = 0;
        int width = 0;
        int[] ids = null;
        int[] hs = null;
        int[] vs = null;
        int adobe = -1;
        boolean jfif = false;
        while (true) {
            // B.1.1.2: markers are FF followed by a code; any number of FF fill bytes may precede it.
            if (pos >= b.length || (b[pos] & 0xFF) != 0xFF) {
                throw corrupt(CODEC, "expected a marker at byte " + pos);
            }
            while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
                pos++;
            }
            if (pos >= b.length) {
                throw corrupt(CODEC, "stream ends inside a marker");
            }
            int marker = b[pos++] & 0xFF;
            if (marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                continue; // standalone markers
            }
            if (marker == 0xD9) {
                throw corrupt(CODEC, "EOI before any scan");
            }
            if (pos + 2 > b.length) {
                throw corrupt(CODEC, "stream ends inside a marker segment");
            }
            int len = (b[pos] & 0xFF) << 8 | b[pos + 1] & 0xFF;
            if (len < 2 || pos + len > b.length) {
                throw corrupt(CODEC,
                        String.format("marker FF%02X segment length %d exceeds the stream", marker, len));
            }
            int seg = pos + 2;
            if (isSof(marker)) {
                if (sof >= 0) {
                    throw corrupt(CODEC, "more than one frame header");
                }
                if (len < 8) {
                    throw corrupt(CODEC, "frame header too short");
                }
                sof = marker;
                precision = b[seg] & 0xFF;
                height = (b[seg + 1] & 0xFF) << 8 | b[seg + 2] & 0xFF;
                width = (b[seg + 3] & 0xFF) << 8 | b[seg + 4] & 0xFF;
                int n = b[seg + 5] & 0xFF;
                if (n == 0 || len != 8 + 3 * n) {
                    throw corrupt(CODEC, "frame header with " + n + " components has length " + len);
                }
                ids = new int[n];
                hs = new int[n];
                vs = new int[n];
                for (int c = 0; c < n; c++) {
                    ids[c] = b[seg + 6 + 3 * c] & 0xFF;
                    hs[c] = (b[seg + 7 + 3 * c] & 0xFF) >> 4;
                    vs[c] = b[seg + 7 + 3 * c] & 0x0F;
                }
            } else if (marker == 0xEE && len >= 14 && b[seg] == 'A' && b[seg + 1] == 'd' && b[seg + 2] == 'o'
                    && b[seg + 3] == 'b' && b[seg + 4] == 'e') {
                adobe = b[seg + 11] & 0xFF;
            } else if (marker == 0xE0 && len >= 7 && b[seg] == 'J' && b[seg + 1] == 'F' && b[seg + 2] == 'I'
                    && b[seg + 3] == 'F' && b[seg + 4] == 0) {
                jfif = true;
            } else if (marker == 0xDA) {
                if (sof < 0) {
                    throw corrupt(CODEC, "scan before the frame header");
                }
                return new JpegHeader(sof, precision, height, width, ids, hs, vs, adobe, jfif, pos - 2);
            }
            pos += len;
        }
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC || m == 0xF7;
    }

    /** Lossless process (SOF3, SOF7, SOF11, SOF15). */
    public boolean lossless() {
        return sofMarker == 0xC3 || sofMarker == 0xC7 || sofMarker == 0xCB || sofMarker == 0xCF;
    }

    public boolean arithmetic() {
        return sofMarker >= 0xC9 && sofMarker <= 0xCF;
    }

    public boolean hierarchical() {
        return sofMarker == 0xC5 || sofMarker == 0xC6 || sofMarker == 0xC7 || sofMarker == 0xCD
                || sofMarker == 0xCE || sofMarker == 0xCF;
    }

    public boolean jpegLs() {
        return sofMarker == 0xF7;
    }

    /**
     * Whether a 3-component stream holds YCbCr that a decoder converts to RGB: JFIF implies YCbCr; an Adobe
     * marker says so explicitly; otherwise component identifiers 'R','G','B' mean RGB and anything else YCbCr
     * (the conventions of the IJG library used by DICOM toolkits).
     */
    public boolean ycbcr() {
        if (components != 3) {
            return false;
        }
        if (jfif) {
            return true;
        }
        if (adobeTransform >= 0) {
            return adobeTransform != 0;
        }
        return !(componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B');
    }
}
