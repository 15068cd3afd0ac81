package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;

/**
 * Marker-level parse of a JPEG (ISO 10918-1 Annex B) or JPEG-LS (ITU-T T.87 Annex C) stream up to the first
 * scan: the frame header (SOFn / SOF55) and the colour markers that decide whether 3-component data is YCbCr.
 * Used to check a stream against the DICOM Image Pixel attributes before any decoder allocates anything.
 * Internal API.
 */
final class JpegHeader {

    private static final String CODEC = "JPEG";

    /** SOFn marker code (0xC0..0xCF except C4, C8, CC; 0xF7 for JPEG-LS). */
    final int sofMarker;
    final FrameHeader frame;
    /** Adobe APP14 colour transform (0 none, 1 YCbCr, 2 YCCK) or -1 when absent. */
    private final int adobeTransform;
    private final boolean jfif;

    private JpegHeader(int sofMarker, FrameHeader frame, int adobeTransform, boolean jfif) {
        this.sofMarker = sofMarker;
        this.frame = frame;
        this.adobeTransform = adobeTransform;
        this.jfif = jfif;
    }

    static JpegHeader parse(byte[] b) {
        JpegMarkers.checkStart(b, CODEC);
        int pos = 2;
        int sof = -1;
        FrameHeader frame = null;
        int adobe = -1;
        boolean jfif = false;
        while (true) {
            pos = JpegMarkers.markerCode(b, pos, CODEC);
            int marker = b[pos++] & 0xFF;
            if (marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                continue; // standalone markers
            }
            if (marker == 0xD9) {
                throw corrupt(CODEC, "EOI before any scan");
            }
            int len = JpegMarkers.segmentLength(b, pos, CODEC);
            int seg = pos + 2;
            if (isSof(marker)) {
                if (sof >= 0) {
                    throw corrupt(CODEC, "more than one frame header");
                }
                sof = marker;
                frame = FrameHeader.read(b, seg, len, CODEC);
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
                return new JpegHeader(sof, frame, adobe, jfif);
            }
            pos += len;
        }
    }

    private static boolean isSof(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC || m == 0xF7;
    }

    /** Lossless process (SOF3, SOF7, SOF11, SOF15). */
    boolean lossless() {
        return sofMarker == 0xC3 || sofMarker == 0xC7 || sofMarker == 0xCB || sofMarker == 0xCF;
    }

    boolean arithmetic() {
        return sofMarker >= 0xC9 && sofMarker <= 0xCF;
    }

    boolean hierarchical() {
        return sofMarker == 0xC5 || sofMarker == 0xC6 || sofMarker == 0xC7 || sofMarker == 0xCD
                || sofMarker == 0xCE || sofMarker == 0xCF;
    }

    boolean jpegLs() {
        return sofMarker == 0xF7;
    }

    /**
     * Whether a 3-component stream holds YCbCr that a decoder converts to RGB: JFIF implies YCbCr; an Adobe
     * marker says so explicitly; otherwise component identifiers 'R','G','B' mean RGB and anything else YCbCr
     * (the conventions of the IJG library used by DICOM toolkits).
     */
    boolean ycbcr() {
        if (frame.components() != 3) {
            return false;
        }
        if (jfif) {
            return true;
        }
        if (adobeTransform >= 0) {
            return adobeTransform != 0;
        }
        int[] ids = frame.componentIds();
        return !(ids[0] == 'R' && ids[1] == 'G' && ids[2] == 'B');
    }
}
