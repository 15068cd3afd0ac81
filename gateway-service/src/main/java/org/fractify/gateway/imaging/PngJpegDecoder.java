package org.fractify.gateway.imaging;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/** Decodes PNG and JPEG through ImageIO within the gateway's limits on pixels and on the smallest side. */
final class PngJpegDecoder {

    private final long maxPixels;
    private final int minSide;

    PngJpegDecoder(long maxPixels, int minSide) {
        this.maxPixels = maxPixels;
        this.minSide = minSide;
    }

    /** The decoded image; a 413 when it declares too many pixels, a 422 when it is too small or corrupt. */
    BufferedImage decode(byte[] bytes, ImageFormat format) {
        BufferedImage decoded = read(bytes, format);
        if (Math.min(decoded.getWidth(), decoded.getHeight()) < minSide) {
            throw new ProblemException(ProblemType.IMAGE_TOO_SMALL, "The image is " + decoded.getWidth() + " x "
                    + decoded.getHeight() + " pixels; the smallest accepted side is " + minSide);
        }
        return decoded;
    }

    private BufferedImage read(byte[] bytes, ImageFormat format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.wireName);
            if (!readers.hasNext()) {
                throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT, "No decoder for " + format.wireName);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                // Checked from the header, before any pixel is decoded: a 1 KB PNG can declare 100k x 100k.
                if (pixels > maxPixels) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The image declares " + reader.getWidth(0)
                            + " x " + reader.getHeight(0) + " pixels; at most " + maxPixels + " are accepted");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new IOException("no image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw new ProblemException(ProblemType.IMAGE_UNDECODABLE,
                    "The " + format.name() + " image cannot be decoded: it is truncated or corrupt");
        }
    }
}
