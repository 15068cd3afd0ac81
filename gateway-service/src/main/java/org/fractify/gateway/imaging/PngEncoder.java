package org.fractify.gateway.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Encodes the normalised image as the 8-bit gray PNG a job carries. */
final class PngEncoder {

    private PngEncoder() {
    }

    static byte[] encode(Gray8Image image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(image.pixels(), 0, ((DataBufferByte) out.getRaster().getDataBuffer()).getData(), 0,
                image.pixels().length);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.width() * image.height() / 2);
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }
}
