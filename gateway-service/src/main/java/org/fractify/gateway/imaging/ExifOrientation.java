package org.fractify.gateway.imaging;

/**
 * EXIF orientation of JPEGs from phones and cameras: the sensor's pixels plus a tag (0x0112) saying how
 * to turn them upright. Read here from the APP1 Exif segment (CIPA DC-008 / TIFF 6.0 IFD0) and applied
 * before anything else looks at the image, so a radiograph photographed in portrait reaches the model
 * upright.
 */
final class ExifOrientation {

    /** Upright: nothing to do. */
    public static final int NORMAL = 1;

    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {
    }

    /**
     * The orientation (1-8) declared by a JPEG's Exif segment; {@link #NORMAL} when there is none or it
     * is unreadable. Only the marker segments before the first scan are looked at, each length checked
     * against the input.
     */
    public static int of(byte[] jpeg) {
        int p = 2; // after SOI
        if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            return NORMAL;
        }
        while (p + 4 <= jpeg.length) {
            if ((jpeg[p] & 0xff) != 0xFF) {
                return NORMAL;
            }
            int marker = jpeg[p + 1] & 0xff;
            if (marker == 0xFF) {
                p++; // fill byte
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return NORMAL; // start of scan or end of image: no Exif before the pixels
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                p += 2; // markers without a length
                continue;
            }
            int length = u16(jpeg, p + 2, false);
            if (length < 2 || p + 2 + length > jpeg.length) {
                return NORMAL;
            }
            if (marker == 0xE1 && length >= 8 && startsWithExif(jpeg, p + 4)) {
                return fromTiff(jpeg, p + 10, p + 2 + length);
            }
            p += 2 + length;
        }
        return NORMAL;
    }

    private static boolean startsWithExif(byte[] b, int at) {
        return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0
                && b[at + 5] == 0;
    }

    /** Reads tag 0x0112 of IFD0 from the TIFF structure in [start, end). */
    private static int fromTiff(byte[] b, int start, int end) {
        if (start + 8 > end) {
            return NORMAL;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        if (u16(b, start + 2, little) != 42) {
            return NORMAL;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || start + ifd + 2 > end) {
            return NORMAL;
        }
        int at = (int) (start + ifd);
        int count = u16(b, at, little);
        at += 2;
        for (int i = 0; i < count && at + 12 <= end; i++, at += 12) {
            if (u16(b, at, little) == ORIENTATION_TAG) {
                int type = u16(b, at + 2, little);
                int value = type == 3 ? u16(b, at + 8, little) : type == 4 ? (int) u32(b, at + 8, little) : 0;
                return value >= 1 && value <= 8 ? value : NORMAL;
            }
        }
        return NORMAL;
    }

    /**
     * The upright image. Orientation values (TIFF 6.0): 2 mirror horizontally, 3 rotate 180, 4 mirror
     * vertically, 5 transpose, 6 rotate 90 clockwise, 7 transverse, 8 rotate 90 counter-clockwise.
     */
    public static Gray8Image apply(Gray8Image image, int orientation) {
        if (orientation <= NORMAL || orientation > 8) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] src = image.pixels();
        byte[] out = new byte[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2: sx = w - 1 - x; sy = y; break;
                    case 3: sx = w - 1 - x; sy = h - 1 - y; break;
                    case 4: sx = x; sy = h - 1 - y; break;
                    case 5: sx = y; sy = x; break;
                    case 6: sx = y; sy = h - 1 - x; break;
                    case 7: sx = w - 1 - y; sy = h - 1 - x; break;
                    default: sx = w - 1 - y; sy = x; break; // 8
                }
                out[y * ow + x] = src[sy * w + sx];
            }
        }
        return new Gray8Image(ow, oh, out);
    }

    private static int u16(byte[] b, int at, boolean little) {
        return little ? (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 : (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at, boolean little) {
        return little
                ? (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24
                : (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }
}
