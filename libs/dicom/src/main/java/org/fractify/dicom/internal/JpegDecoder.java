package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;

import java.awt.image.Raster;


/**
 * JPEG (ISO 10918-1) frames of PS3.5 section A.4.1: 8-bit baseline/extended/progressive Huffman via the JDK
 * reader (IJG libjpeg, the library DICOM toolkits use, with its YCbCr to RGB conversion); lossless process 14
 * (2 to 16 bits) by {@link JpegLosslessDecoder}, or via TwelveMonkeys for streams outside its scope; 12-bit
 * sequential DCT by {@link Jpeg12Decoder}. Arithmetic and hierarchical processes are refused as unsupported. The
 * frame header is checked against the DICOM attributes first. Internal API.
 */
public final class JpegDecoder {

    private static final String CODEC = "JPEG";

    private JpegDecoder() {
    }

    public static DecodedImage decode(byte[] data, String transferSyntaxUid, int rows, int columns, int samples,
            int bitsStored, String photometric) {
        JpegHeader h = JpegHeader.parse(data);
        if (h.jpegLs()) {
            throw corrupt(CODEC, "JPEG-LS stream (SOF55) under JPEG transfer syntax " + transferSyntaxUid);
        }
        h.frame.checkSize(rows, columns, samples, CODEC);
        if (h.arithmetic()) {
            throw new CodecException(true, "arithmetic-coded JPEG is not supported");
        }
        if (h.hierarchical()) {
            throw new CodecException(true, "hierarchical JPEG is not supported");
        }
        if (h.lossless()) {
            // Process 14 (ISO 10918-1 Annex H): 2 to 16 bit precision.
            if (h.frame.precision() < 2 || h.frame.precision() > 16) {
                throw corrupt(CODEC, "lossless precision " + h.frame.precision());
            }
            try {
                return new DecodedImage(columns, rows, samples,
                        JpegLosslessDecoder.decode(data, rows, columns, samples), false);
            } catch (CodecException own) {
                // Streams outside the fast decoder's scope (subsampling, partial-row restarts) or refused by it
                // get the general decoder; when both refuse, the more specific refusal is reported.
                try {
                    Raster r = ImageIoSupport.read(ImageIoSupport.twelveMonkeysJpeg(), data, true, "JPEG lossless");
                    return new DecodedImage(columns, rows, samples, ImageIoSupport.samples(r, rows, columns, samples,
                            "JPEG lossless"), false);
                } catch (CodecException general) {
                    throw own.unsupported() ? general : own;
                }
            }
        }
        if (h.frame.precision() == 12) {
            // Extended process 4; no ImageIO plugin decodes 12-bit DCT, so use the decoder of this library.
            if (h.sofMarker != 0xC0 && h.sofMarker != 0xC1) {
                throw new CodecException(true, "12-bit progressive JPEG is not supported");
            }
            if (samples != 1) {
                throw new CodecException(true, "12-bit JPEG with " + samples + " components is not supported");
            }
            return new DecodedImage(columns, rows, 1, Jpeg12Decoder.decode(data, rows, columns), false);
        }
        if (h.frame.precision() != 8) {
            throw corrupt(CODEC, "DCT precision " + h.frame.precision() + " (ISO 10918-1 allows 8 or 12)");
        }
        boolean convert = h.ycbcr();
        Raster r = ImageIoSupport.read(ImageIoSupport.jdkJpeg(), data, false, "JPEG");
        return new DecodedImage(columns, rows, samples, ImageIoSupport.samples(r, rows, columns, samples, "JPEG"),
                convert);
    }
}
