package org.fractify.report.mapping;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.fractify.contracts.AnalysisCompleted.Heatmap;

/**
 * Renders a class activation map as a colour PNG (bilinear upsampling, a blue-to-red ramp). It is
 * drawn from the map alone: no patient pixels are kept after the analysis, so none can be drawn under it.
 */
public final class HeatmapRenderer {

    private HeatmapRenderer() {
    }

    public static byte[] png(Heatmap map, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        List<Double> v = map.values();
        int w = map.width();
        int h = map.height();
        for (int y = 0; y < size; y++) {
            double gy = Math.max(0, Math.min(h - 1, (y + 0.5) * h / size - 0.5));
            int y0 = (int) Math.floor(gy);
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = gy - y0;
            for (int x = 0; x < size; x++) {
                double gx = Math.max(0, Math.min(w - 1, (x + 0.5) * w / size - 0.5));
                int x0 = (int) Math.floor(gx);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = gx - x0;
                double top = v.get(y0 * w + x0) * (1 - fx) + v.get(y0 * w + x1) * fx;
                double bottom = v.get(y1 * w + x0) * (1 - fx) + v.get(y1 * w + x1) * fx;
                out.setRGB(x, y, ramp(top * (1 - fy) + bottom * fy));
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A "jet"-like ramp: 0 dark blue, 0.5 green-yellow, 1 red. */
    static int ramp(double t) {
        t = Math.max(0, Math.min(1, t));
        double r = clamp(1.5 - Math.abs(4 * t - 3));
        double g = clamp(1.5 - Math.abs(4 * t - 2));
        double b = clamp(1.5 - Math.abs(4 * t - 1));
        return ((int) (r * 255) << 16) | ((int) (g * 255) << 8) | (int) (b * 255);
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
