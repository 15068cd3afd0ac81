package org.fractify.dicom.internal;

import static org.fractify.dicom.internal.CodecException.corrupt;

import java.awt.image.Raster;

/**
 * JPEG 2000 Part 1 frames (PS3.5 section A.4.4) via jai-imageio's J2K reader. The main header (ISO 15444-1
 * Annex A: SOC, SIZ, COD) is parsed first to check the image size and component count against the DICOM
 * attributes before the decoder allocates anything. A JP2 file wrapper (non-conformant in DICOM but written by
 * some toolkits) is accepted. The decoder applies the inverse RCT/ICT colour transform when the codestream
 * says so (YBR_RCT / YBR_ICT become RGB). Internal API.
 */
public final class J2kDecoder {

    private static final String CODEC = "JPEG 2000";

    private J2kDecoder() {
    }

    /** Facts from the main header. */
    record Header(int width, int height, int components, int precision, boolean signed, boolean mct) {
    }

    public static DecodedImage decode(byte[] data, int rows, int columns, int samples, String photometric) {
        Header h = parseHeader(data);
        if (h.width() != columns || h.height() != rows || h.components() != samples) {
            throw corrupt(CODEC, "codestream size " + h.width() + "x" + h.height() + "x" + h.components()
                    + " does not match Columns x Rows x Samples per Pixel " + columns + "x" + rows + "x" + samples);
        }
        if (h.precision() > 16) {
            throw corrupt(CODEC, "component precision " + h.precision() + " (at most 16 supported)");
        }
        int start = codestreamStart(data);
        // A JP2 wrapper is stripped: its colour specification must not be applied on top of the DICOM semantics.
        byte[] codestream = start == 0 ? data : java.util.Arrays.copyOfRange(data, start, data.length);
        Raster r = ImageIoSupport.readStrict(ImageIoSupport.jpeg2000(), codestream, true, "JPEG 2000");
        int[] values = ImageIoSupport.samples(r, rows, columns, samples, "JPEG 2000");
        return new DecodedImage(columns, rows, samples, values, samples == 3 && h.mct());
    }

    static Header parseHeader(byte[] b) {
        int start = codestreamStart(b);
        int pos = start;
        if (pos + 4 > b.length || u16(b, pos) != 0xFF4F) {
            throw corrupt(CODEC, "codestream does not start with SOC (FF4F)");
        }
        pos += 2;
        if (u16(b, pos) != 0xFF51) {
            throw corrupt(CODEC, "SOC not followed by SIZ (FF51)");
        }
        int lsiz = u16(b, pos + 2);
        if (lsiz < 41 || pos + 2 + lsiz > b.length) {
            throw corrupt(CODEC, "SIZ segment length " + lsiz + " is invalid");
        }
        int s = pos + 4;
        long xsiz = u32(b, s + 2);
        long ysiz = u32(b, s + 6);
        long xo = u32(b, s + 10);
        long yo = u32(b, s + 14);
        int csiz = u16(b, s + 34);
        if (csiz < 1 || lsiz != 38 + 3 * csiz || xo >= xsiz || yo >= ysiz) {
            throw corrupt(CODEC, "SIZ segment is inconsistent (components " + csiz + ", size " + xsiz + "x" + ysiz
                    + ")");
        }
        int ssiz = b[s + 36] & 0xFF;
        for (int c = 1; c < csiz; c++) {
            if ((b[s + 36 + 3 * c] & 0xFF) != ssiz) {
                throw corrupt(CODEC, "components have different precision or signedness");
            }
        }
        long width = xsiz - xo;
        long height = ysiz - yo;
        if (width > 0xFFFF || height > 0xFFFF) {
            throw corrupt(CODEC, "image size " + width + "x" + height + " is too large");
        }
        // Scan the rest of the main header for COD (FF52) to learn whether a multiple component transform is used.
        boolean mct = false;
        pos += 2 + lsiz;
        while (pos + 4 <= b.length) {
            int marker = u16(b, pos);
            if (marker == 0xFF90 || marker == 0xFF93 || marker == 0xFFD9) {
                break;
            }
            if ((marker & 0xFF00) != 0xFF00) {
                throw corrupt(CODEC, String.format("expected a marker at byte %d of the codestream", pos - start));
            }
            int len = u16(b, pos + 2);
            if (len < 2 || pos + 2 + len > b.length) {
                throw corrupt(CODEC,
                        String.format("marker %04X segment length %d exceeds the codestream", marker, len));
            }
            if (marker == 0xFF60) {
                throw packedHeaders();
            }
            if (marker == 0xFF52 && len >= 12) {
                mct = (b[pos + 4 + 1 + 3] & 0xFF) != 0; // Scod, then SGcod: progression, layers(2), MCT
            }
            pos += 2 + len;
        }
        checkTileParts(b, pos);
        return new Header((int) width, (int) height, csiz, (ssiz & 0x7F) + 1, (ssiz & 0x80) != 0, mct);
    }

    /**
     * Walks the tile-parts (ISO 15444-1 A.4.2: SOT gives each tile-part's length Psot) and checks them before the
     * decoder sees them:
     * <ul>
     * <li>a tile-part must lie inside the codestream (a truncated codestream is corrupt here, not decoded
     * partially);</li>
     * <li>packed packet headers (PPM/PPT) are refused: jai-imageio reads them from an in-memory stream whose end it
     * does not detect;</li>
     * <li>in packet data a 0xFF byte is always followed by a byte below 0x90 (bit stuffing in packet headers,
     * B.10.1; MQ coder output, C.3.4), except for the SOP/EPH markers FF91/FF92. A corrupt pair such as FF FF
     * sends jai-imageio's packet header reader into an endless loop, so it is refused.</li>
     * </ul>
     */
    private static void checkTileParts(byte[] b, int pos) {
        int parts = 0;
        while (pos + 12 <= b.length && u16(b, pos) == 0xFF90) {
            long psot = u32(b, pos + 6);
            long end = psot == 0 ? b.length : pos + psot;
            if (psot != 0 && psot < 14 || end > b.length) {
                throw corrupt(CODEC, "tile-part " + parts + " length " + psot + " exceeds the codestream");
            }
            int p = pos + 2 + u16(b, pos + 2);
            int dataStart = -1;
            while (p + 2 <= end) {
                int marker = u16(b, p);
                if (marker == 0xFF93) {
                    dataStart = p + 2; // SOD: packet data follows
                    break;
                }
                if ((marker & 0xFF00) != 0xFF00 || p + 4 > end) {
                    throw corrupt(CODEC, String.format("expected a marker in tile-part header %d", parts));
                }
                if (marker == 0xFF61) {
                    throw packedHeaders();
                }
                p += 2 + u16(b, p + 2);
            }
            if (dataStart < 0) {
                throw corrupt(CODEC, "tile-part " + parts + " has no SOD marker");
            }
            int dataEnd = (int) end;
            if (psot == 0) {
                // The last tile-part runs up to EOC (FFD9), possibly followed by padding.
                int eoc = dataEnd - 2;
                while (eoc > dataStart && !(b[eoc] == (byte) 0xFF && b[eoc + 1] == (byte) 0xD9)) {
                    eoc--;
                }
                dataEnd = eoc > dataStart ? eoc : dataEnd;
            }
            for (int i = dataStart; i + 1 < dataEnd; i++) {
                if (b[i] == (byte) 0xFF) {
                    int next = b[i + 1] & 0xFF;
                    if (next >= 0x90 && next != 0x91 && next != 0x92) {
                        throw corrupt(CODEC, String.format(
                                "invalid byte pair FF%02X in the packet data of tile-part %d", next, parts));
                    }
                }
            }
            if (psot == 0 || ++parts > 65535) {
                break;
            }
            pos = (int) end;
        }
    }

    private static CodecException packedHeaders() {
        return new CodecException(true, "JPEG 2000 packed packet headers (PPM/PPT markers) are not supported");
    }

    /** Offset of the codestream: 0, or the content of the 'jp2c' box of a JP2 file (ISO 15444-1 Annex I). */
    private static int codestreamStart(byte[] b) {
        if (b.length >= 12 && u32(b, 0) == 12 && u32(b, 4) == 0x6A502020L) {
            int pos = 0;
            while (pos + 8 <= b.length) {
                long len = u32(b, pos);
                long type = u32(b, pos + 4);
                int header = 8;
                if (len == 1) {
                    if (pos + 16 > b.length) {
                        break;
                    }
                    len = u32(b, pos + 8) << 32 | u32(b, pos + 12);
                    header = 16;
                } else if (len == 0) {
                    len = b.length - pos;
                }
                if (type == 0x6A703263L) { // 'jp2c'
                    return pos + header;
                }
                if (len < header || pos + len > b.length) {
                    break;
                }
                pos += (int) len;
            }
            throw corrupt(CODEC, "JP2 file without a contiguous codestream box");
        }
        return 0;
    }

    private static int u16(byte[] b, int at) {
        if (at + 2 > b.length) {
            throw corrupt(CODEC, "codestream truncated in the main header");
        }
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static long u32(byte[] b, int at) {
        if (at + 4 > b.length) {
            throw corrupt(CODEC, "codestream truncated in the main header");
        }
        return ((long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF)
                & 0xFFFFFFFFL;
    }
}
