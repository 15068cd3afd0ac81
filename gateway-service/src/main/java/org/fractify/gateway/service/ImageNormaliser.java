package org.fractify.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.fractify.contracts.NormalisedImage;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Turns what a client sends into the one image shape every model accepts: 8-bit grayscale, square
 * (letterboxed onto black, centred, aspect kept, as the training sets were curated), at most
 * {@code normalisedMaxSide} pixels. Model-specific resizing and normalisation happen inside each
 * TorchScript graph, so training and serving see the same pixels.
 */
@ApplicationScoped
public class ImageNormaliser {

    private final GatewayConfig.Images limits;

    public ImageNormaliser(GatewayConfig config) {
        this.limits = config.images();
    }

    /** A normalised image and its PNG encoding. */
    public record Normalised(NormalisedImage image, byte[] png, long decodeMs, long preprocessMs) {
    }

    public Normalised normalise(byte[] bytes) {
        long t0 = System.nanoTime();
        String format = sniff(bytes);
        BufferedImage decoded = decode(bytes, format);
        long t1 = System.nanoTime();
        if (Math.min(decoded.getWidth(), decoded.getHeight()) < limits.minSide()) {
            throw new ProblemException(ProblemType.IMAGE_TOO_SMALL, "The image is " + decoded.getWidth() + " x "
                    + decoded.getHeight() + " pixels; the smallest accepted side is " + limits.minSide());
        }
        BufferedImage gray = toGray8(decoded);
        BufferedImage square = letterbox(gray, limits.normalisedMaxSide());
        byte[] png = encodePng(square);
        long t2 = System.nanoTime();
        return new Normalised(new NormalisedImage(square.getWidth(), square.getHeight(),
                java.util.Base64.getEncoder().encodeToString(png), format, decoded.getWidth(), decoded.getHeight()), png,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
            throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT,
                    "DICOM input is not supported by this version of the gateway yet; send PNG or JPEG");
        }
        throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT,
                "The image is neither PNG nor JPEG (nor DICOM); its first bytes match no supported format");
    }

    private BufferedImage decode(byte[] bytes, String format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT, "No decoder for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                // Checked from the header, before any pixel is decoded: a 1 KB PNG can declare 100k x 100k.
                if (pixels > limits.maxPixels()) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The image declares " + reader.getWidth(0)
                            + " x " + reader.getHeight(0) + " pixels; at most " + limits.maxPixels() + " are accepted");
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
                    "The " + format.toUpperCase() + " image cannot be decoded: it is truncated or corrupt");
        }
    }

    /**
     * 8-bit luma (ITU-R 601 weights, as the training sets were converted); alpha is dropped; 16-bit
     * gray is windowed to its own min..max.
     */
    static BufferedImage toGray8(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        Raster raster = src.getRaster();
        int bands = raster.getNumBands();
        boolean colour = src.getColorModel().getNumColorComponents() >= 3;
        if (!colour && src.getColorModel().getComponentSize(0) > 8) {
            int[] row = new int[w];
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            double scale = max > min ? 255.0 / (max - min) : 0;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    dst[y * w + x] = (byte) Math.round((row[x] - min) * scale);
                }
            }
            return out;
        }
        if (!colour) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    dst[y * w + x] = (byte) row[x];
                }
            }
            return out;
        }
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int p = argb[x];
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                dst[y * w + x] = (byte) ((r * 299 + g * 587 + b * 114) / 1000);
            }
        }
        return out;
    }

    /** Centres the image on a black square; shrinks it when its long side exceeds {@code maxSide}. */
    static BufferedImage letterbox(BufferedImage gray, int maxSide) {
        int w = gray.getWidth();
        int h = gray.getHeight();
        int side = Math.max(w, h);
        if (w == h && side <= maxSide) {
            return gray;
        }
        double scale = side > maxSide ? (double) maxSide / side : 1.0;
        int target = (int) Math.round(side * scale);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        BufferedImage scaled = scale < 1.0 ? shrink(gray, sw, sh) : gray;
        BufferedImage out = new BufferedImage(target, target, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(scaled, (target - sw) / 2, (target - sh) / 2, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Area-averaging shrink: each output pixel is the mean of the source pixels it covers. */
    private static BufferedImage shrink(BufferedImage src, int tw, int th) {
        int w = src.getWidth();
        int h = src.getHeight();
        byte[] s = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_BYTE_GRAY);
        byte[] d = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int ty = 0; ty < th; ty++) {
            int y0 = (int) ((long) ty * h / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (ty + 1) * h / th));
            for (int tx = 0; tx < tw; tx++) {
                int x0 = (int) ((long) tx * w / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (tx + 1) * w / tw));
                long sum = 0;
                for (int y = y0; y < y1; y++) {
                    int base = y * w;
                    for (int x = x0; x < x1; x++) {
                        sum += s[base + x] & 0xff;
                    }
                }
                d[ty * tw + tx] = (byte) (sum / ((long) (y1 - y0) * (x1 - x0)));
            }
        }
        return out;
    }

    private static byte[] encodePng(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 2);
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }
}
