package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;

/**
 * The frame header of a JPEG stream (ISO/IEC 10918-1 B.2.2, SOFn) or of a JPEG-LS stream (ITU-T T.87 C.2.2,
 * SOF55, the same layout): sample precision, size, and per component its identifier, sampling factors (H in the
 * high, V in the low nibble) and quantization table selector. Internal API.
 */
record FrameHeader(int precision, int height, int width, int[] componentIds, int[] sampling, int[] quantSelectors) {

    /** The segment of length {@code len} whose parameters start at {@code s}; {@code codec} names the decoder. */
    static FrameHeader read(byte[] b, int s, int len, String codec) {
        if (len < 8) {
            throw corrupt(codec, "frame header too short");
        }
        int n = b[s + 5] & 0xFF;
        if (n == 0 || len != 8 + 3 * n) {
            throw corrupt(codec, "frame header length " + len + " for " + n + " components");
        }
        int[] ids = new int[n];
        int[] sampling = new int[n];
        int[] quant = new int[n];
        for (int c = 0; c < n; c++) {
            ids[c] = b[s + 6 + 3 * c] & 0xFF;
            sampling[c] = b[s + 7 + 3 * c] & 0xFF;
            quant[c] = b[s + 8 + 3 * c] & 0xFF;
        }
        return new FrameHeader(b[s] & 0xFF, (b[s + 1] & 0xFF) << 8 | b[s + 2] & 0xFF,
                (b[s + 3] & 0xFF) << 8 | b[s + 4] & 0xFF, ids, sampling, quant);
    }

    int components() {
        return componentIds.length;
    }

    /** The index of the component with identifier {@code id} (the last if several have it), or -1. */
    int indexOf(int id) {
        int index = -1;
        for (int c = 0; c < componentIds.length; c++) {
            if (componentIds[c] == id) {
                index = c;
            }
        }
        return index;
    }

    /** Refuses a frame whose size or component count is not that of the DICOM Image Pixel attributes. */
    void checkSize(int rows, int columns, int samples, String codec) {
        if (width != columns || height != rows || components() != samples) {
            throw corrupt(codec, "frame header " + width + "x" + height + "x" + components()
                    + " does not match Columns x Rows x Samples per Pixel " + columns + "x" + rows + "x" + samples);
        }
    }

    /**
     * Refuses a frame the lossless decoders (JPEG process 14 and JPEG-LS) do not take: a precision outside 2 to
     * 16 bits or a size other than the DICOM attributes' (corrupt), subsampled components (unsupported).
     */
    void checkLossless(int rows, int columns, int samples, String codec) {
        if (precision < 2 || precision > 16) {
            throw corrupt(codec, "lossless precision " + precision);
        }
        checkSize(rows, columns, samples, codec);
        for (int factors : sampling) {
            if (factors != 0x11) {
                throw CodecException.unsupported(codec, "component subsampling");
            }
        }
    }
}
