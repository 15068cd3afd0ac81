package org.fractify.inference.service;

import ai.djl.translate.TranslateException;
import org.fractify.inference.model.ForwardPass;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.model.ModelBundle;
import org.fractify.inference.model.ModelRunner;

/**
 * Runs a model on a whole image, or, for a model trained on tiles (dental: caries on panoramic tiles),
 * on overlapping tiles (stride half a tile) of an image larger than a tile. An abnormal label's
 * probability is its maximum over the tiles (a finding anywhere is a finding), a normal label's its
 * minimum; the tiles' activation maps are stitched into one map of the whole image (maximum where
 * tiles overlap), so the finding is located in the image as sent.
 */
final class TiledPredictor {

    /** Calibrated probabilities and the maps that explain them. */
    record Prediction(double[] probabilities, ForwardPass pass) {
    }

    /** Images up to this many tiles wide are analysed whole: the model resizes internally. */
    private static final double WHOLE_IMAGE_SLACK = 1.25;

    private TiledPredictor() {
    }

    static Prediction predict(ModelBundle bundle, ModelRunner runner, GrayImage image)
            throws TranslateException, InterruptedException {
        return predict(bundle, runner, image, image.width(), image.height());
    }

    /**
     * @param sourceWidth  width of the image as the client sent it
     * @param sourceHeight its height
     */
    static Prediction predict(ModelBundle bundle, ModelRunner runner, GrayImage image, int sourceWidth,
            int sourceHeight) throws TranslateException, InterruptedException {
        int tile = tileSide(bundle, image.width(), sourceWidth, sourceHeight);
        if (tile <= 0) {
            ForwardPass pass = runner.forward(image);
            return new Prediction(Postprocessor.probabilities(pass.logits(), bundle.temperature(), bundle.activation()),
                    pass);
        }
        int[] xs = starts(image.width(), tile);
        int[] ys = starts(image.height(), tile);
        int labels = bundle.labels().size();
        double[] p = new double[labels];
        for (int i = 0; i < labels; i++) {
            p[i] = bundle.normalLabels().contains(bundle.labels().get(i)) ? 1.0 : 0.0;
        }
        float[][] stitched = null;
        int cellW = 0;
        int cellH = 0;
        int mapW = 0;
        int mapH = 0;
        for (int ty : ys) {
            for (int tx : xs) {
                ForwardPass pass = runner.forward(crop(image, tx, ty, tile));
                double[] tp = Postprocessor.probabilities(pass.logits(), bundle.temperature(), bundle.activation());
                for (int i = 0; i < labels; i++) {
                    p[i] = bundle.normalLabels().contains(bundle.labels().get(i)) ? Math.min(p[i], tp[i])
                            : Math.max(p[i], tp[i]);
                }
                if (stitched == null) {
                    cellW = Math.max(1, tile / pass.camWidth());
                    cellH = Math.max(1, tile / pass.camHeight());
                    mapW = (image.width() + cellW - 1) / cellW;
                    mapH = (image.height() + cellH - 1) / cellH;
                    stitched = new float[labels][mapW * mapH];
                    for (float[] m : stitched) {
                        java.util.Arrays.fill(m, Float.NEGATIVE_INFINITY);
                    }
                }
                for (int c = 0; c < labels; c++) {
                    for (int y = 0; y < pass.camHeight(); y++) {
                        int my = Math.min(mapH - 1, ty / cellH + y);
                        for (int x = 0; x < pass.camWidth(); x++) {
                            int mx = Math.min(mapW - 1, tx / cellW + x);
                            float v = pass.cam()[c][y * pass.camWidth() + x];
                            int k = my * mapW + mx;
                            stitched[c][k] = Math.max(stitched[c][k], v);
                        }
                    }
                }
            }
        }
        for (float[] m : stitched) {
            for (int k = 0; k < m.length; k++) {
                if (m[k] == Float.NEGATIVE_INFINITY) {
                    m[k] = 0;
                }
            }
        }
        return new Prediction(p, new ForwardPass(new float[labels], stitched, mapW, mapH));
    }

    /**
     * The tile side in the normalised image, or 0 to analyse the image whole. An image sent at about a
     * tile's size is a tile. A larger one is a whole radiograph; when the card gives the width of the
     * radiographs its tiles were cut from ({@code input.tile_reference_width}), the tile keeps that share
     * of the image's width, so tiles cover the same anatomy whatever resolution the client sent.
     */
    static int tileSide(ModelBundle bundle, int squareSide, int sourceWidth, int sourceHeight) {
        int tile = bundle.tileSize();
        if (tile <= 0 || Math.max(sourceWidth, sourceHeight) <= tile * WHOLE_IMAGE_SLACK) {
            return 0;
        }
        int referenceWidth = bundle.card().path("input").path("tile_reference_width").asInt(0);
        if (referenceWidth <= 0) {
            return tile;
        }
        double contentWidth = (double) squareSide * sourceWidth / Math.max(sourceWidth, sourceHeight);
        return Math.max(MIN_TILE, (int) Math.round(tile * contentWidth / referenceWidth));
    }

    /** Smallest tile side worth a forward pass. */
    private static final int MIN_TILE = 32;

    /** Tile origins covering {@code length} with stride tile/2, the last one flush with the edge. */
    static int[] starts(int length, int tile) {
        if (length <= tile) {
            return new int[] {0};
        }
        int stride = Math.max(1, tile / 2);
        int n = (length - tile + stride - 1) / stride + 1;
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.min(i * stride, length - tile);
        }
        return s;
    }

    static GrayImage crop(GrayImage image, int x0, int y0, int tile) {
        int w = Math.min(tile, image.width() - x0);
        int h = Math.min(tile, image.height() - y0);
        float[] out = new float[tile * tile];
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.pixels(), (y0 + y) * image.width() + x0, out, y * tile, w);
        }
        return new GrayImage(tile, tile, out);
    }
}
