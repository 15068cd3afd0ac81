package org.fractify.gateway.imaging;

/**
 * The square the models take: the image centred on black, aspect kept (as the training sets were curated),
 * shrunk by area averaging when its long side exceeds the limit.
 */
public final class Letterbox {

    private Letterbox() {
    }

    /** Centres the image on a black square; shrinks it when its long side exceeds {@code maxSide}. */
    public static Gray8Image square(Gray8Image gray, int maxSide) {
        int w = gray.width();
        int h = gray.height();
        int side = Math.max(w, h);
        if (w == h && side <= maxSide) {
            return gray;
        }
        double scale = side > maxSide ? (double) maxSide / side : 1.0;
        int target = (int) Math.round(side * scale);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        Gray8Image scaled = scale < 1.0 ? shrink(gray, sw, sh) : gray;
        byte[] out = new byte[target * target];
        int ox = (target - sw) / 2;
        int oy = (target - sh) / 2;
        for (int y = 0; y < sh; y++) {
            System.arraycopy(scaled.pixels(), y * sw, out, (oy + y) * target + ox, sw);
        }
        return new Gray8Image(target, target, out);
    }

    /** Area-averaging shrink: each output pixel is the mean of the source pixels it covers. */
    private static Gray8Image shrink(Gray8Image src, int tw, int th) {
        int w = src.width();
        int h = src.height();
        byte[] s = src.pixels();
        byte[] d = new byte[tw * th];
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
        return new Gray8Image(tw, th, d);
    }
}
