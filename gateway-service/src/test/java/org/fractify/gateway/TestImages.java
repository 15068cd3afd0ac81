package org.fractify.gateway;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;

/** Images made in the test, so the gateway's decoding is exercised on known pixels. */
final class TestImages {

    private TestImages() {
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 16-bit-per-channel RGB image (no ImageIO type has one), each pixel given by {@code rgb} as {r, g, b}. */
    static BufferedImage rgb16(int w, int h, java.util.function.BiFunction<Integer, Integer, int[]> rgb) {
        var cs = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
        var model = new java.awt.image.ComponentColorModel(cs, new int[] {16, 16, 16}, false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
        BufferedImage image = new BufferedImage(model, model.createCompatibleWritableRaster(w, h), false, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setPixel(x, y, rgb.apply(x, y));
            }
        }
        return image;
    }

    static BufferedImage noise(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Random random = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        return img;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String body(String imageBase64, String modality, String patientId) {
        return "{\"image_base64\":\"" + imageBase64 + "\",\"modality\":\"" + modality + "\",\"patient_id\":\""
                + patientId + "\"}";
    }
}
