package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;

/**
 * Marker-segment framing shared by our JPEG decoders (ISO 10918-1 B.1.1.2 and ITU-T T.87 both
 * frame a stream the same way): fill bytes, a marker code, a two-byte length that counts itself.
 * Every read is bounded by the stream, so a truncated or lying header is a CodecException, never an
 * index out of bounds.
 */
final class JpegMarkers {

    private JpegMarkers() {
    }

    /** Refuses a stream that does not start with the SOI marker (B.2.1, T.87 C.1). */
    static void checkStart(byte[] b, String codec) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            throw corrupt(codec, "stream does not start with SOI (FFD8)");
        }
    }

    /**
     * The offset of the marker code of the marker that starts at {@code pos} (after any 0xFF fill).
     *
     * @param codec names the decoder in the message, e.g. "JPEG-LS"
     */
    static int markerCode(byte[] b, int pos, String codec) {
        if (pos >= b.length || (b[pos] & 0xFF) != 0xFF) {
            throw corrupt(codec, "expected a marker at byte " + pos);
        }
        while (pos < b.length && (b[pos] & 0xFF) == 0xFF) {
            pos++;
        }
        if (pos >= b.length) {
            throw corrupt(codec, "stream ends inside a marker");
        }
        return pos;
    }

    /** The length field of the segment after the marker code at {@code pos - 1}, checked against the stream. */
    static int segmentLength(byte[] b, int pos, String codec) {
        if (pos + 2 > b.length) {
            throw corrupt(codec, "stream ends inside a marker segment");
        }
        int len = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
        if (len < 2 || pos + len > b.length) {
            throw corrupt(codec, String.format("marker FF%02X segment length %d exceeds the stream", b[pos - 1] & 0xFF,
                    len));
        }
        return len;
    }
}
