package org.fractify.inference.rest;

import ai.djl.translate.TranslateException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fractify.inference.model.ForwardPass;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.model.ModelBundle;
import org.fractify.inference.service.ModelRegistry;
import org.fractify.inference.service.Postprocessor;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Operator benchmark: the bare forward pass + CAM + interpretation time of every loaded model, in
 * this process, on a 224 x 224 noise image (the time does not depend on the content). `./fractify
 * bench` prints it next to the end-to-end figures so both come from the same machine and run.
 * Internal: the gateway does not route to it.
 */
@Path("/internal/v1/benchmark/forward")
public class InternalBenchmarkResource {

    private static final int SIDE = 224;
    private final ModelRegistry registry;

    public InternalBenchmarkResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public List<Map<String, Object>> run(@QueryParam("runs") Integer runs) throws TranslateException, InterruptedException {
        int n = runs == null ? 100 : runs;
        if (n < 1 || n > 5000) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "runs must be 1-5000");
        }
        float[] pixels = new float[SIDE * SIDE];
        Random random = new Random(7);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        GrayImage image = new GrayImage(SIDE, SIDE, pixels);
        return registry.all().stream().map(model -> {
            try {
                double[] ms = new double[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    ForwardPass pass = model.runner().forward(image);
                    if (ModelBundle.GUARD.equals(model.bundle().role())) {
                        // the guard's labels are modalities: its answer is the probabilities alone
                        Postprocessor.probabilities(pass.logits(), model.bundle().temperature(), model.bundle().activation());
                    } else {
                        Postprocessor.interpret(model.bundle(), pass, new Postprocessor.Geometry(SIDE, SIDE, SIDE));
                    }
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", model.bundle().name());
                row.put("role", model.bundle().role());
                row.put("modality", model.bundle().modality());
                row.put("runs", n);
                row.put("p50_ms", round(ms[(int) (0.50 * (n - 1))]));
                row.put("p95_ms", round(ms[(int) (0.95 * (n - 1))]));
                row.put("mean_ms", round(Arrays.stream(ms).average().orElse(0)));
                return row;
            } catch (TranslateException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
