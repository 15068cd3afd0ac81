package org.fractify.inference.model;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * One TorchScript model loaded with DJL's PyTorch engine, with a fixed pool of predictors (a
 * predictor is not thread-safe; one per concurrent forward pass). The graph returns
 * {@code (logits [1, C], cam [1, C, h, w])}.
 */
public final class ModelRunner implements AutoCloseable {

    private final ZooModel<GrayImage, ForwardPass> model;
    private final BlockingQueue<Predictor<GrayImage, ForwardPass>> predictors;

    private ModelRunner(ZooModel<GrayImage, ForwardPass> model, int poolSize) {
        this.model = model;
        this.predictors = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            predictors.add(model.newPredictor());
        }
    }

    public static ModelRunner load(Path dir, String fileName, int poolSize)
            throws IOException, ModelNotFoundException, MalformedModelException {
        String name = fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName;
        Criteria<GrayImage, ForwardPass> criteria = Criteria.builder()
                .setTypes(GrayImage.class, ForwardPass.class)
                .optModelPath(dir)
                .optModelName(name)
                .optEngine("PyTorch")
                .optTranslator(new CamTranslator())
                .build();
        return new ModelRunner(criteria.loadModel(), poolSize);
    }

    /** Runs one forward pass, waiting for a free predictor. */
    public ForwardPass forward(GrayImage image) throws TranslateException, InterruptedException {
        Predictor<GrayImage, ForwardPass> predictor = predictors.take();
        try {
            return predictor.predict(image);
        } finally {
            predictors.add(predictor);
        }
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        model.close();
    }

    /** Copies the image in and both outputs out while the NDArrays are still alive. */
    static final class CamTranslator implements Translator<GrayImage, ForwardPass> {

        @Override
        public NDList processInput(TranslatorContext ctx, GrayImage input) {
            NDArray x = ctx.getNDManager().create(input.pixels(), new Shape(1, 1, input.height(), input.width()));
            return new NDList(x);
        }

        @Override
        public ForwardPass processOutput(TranslatorContext ctx, NDList list) {
            float[] logits = list.get(0).toFloatArray();
            NDArray cam = list.get(1);
            long[] shape = cam.getShape().getShape(); // [1, C, h, w]
            int classes = (int) shape[1];
            int h = (int) shape[2];
            int w = (int) shape[3];
            float[] flat = cam.toFloatArray();
            float[][] maps = new float[classes][h * w];
            for (int c = 0; c < classes; c++) {
                System.arraycopy(flat, c * h * w, maps[c], 0, h * w);
            }
            return new ForwardPass(logits, maps, w, h);
        }

        @Override
        public Batchifier getBatchifier() {
            return null; // the input already carries its batch dimension
        }
    }
}
