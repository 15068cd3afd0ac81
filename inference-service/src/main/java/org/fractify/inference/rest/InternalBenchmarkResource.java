package org.fractify.inference.rest;

import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fractify.contracts.Modality;
import org.fractify.inference.model.ForwardPass;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.model.ModelBundle;
import org.fractify.inference.service.Analyser;
import org.fractify.inference.service.ModelRegistry;
import org.fractify.inference.service.Postprocessor;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Operator benchmarks, in this process: the bare forward pass + CAM + interpretation time of every loaded
 * model on a 224 x 224 noise image (the time does not depend on the content), and the bare model work of
 * whole scans (guard + every model of the modality) on given images, at a given concurrency. `./fractify
 * bench` prints both next to the end-to-end figures so all come from the same machine and run. Internal:
 * the gateway does not route to it.
 */
@Path("/internal/v1/benchmark")
public class InternalBenchmarkResource {

    private static final int SIDE = 224;
    private static final int WARMUP_SCANS = 20;
    private static final ObjectReader IMAGES = new ObjectMapper().readerFor(new TypeReference<Map<String, String>>() { });
    private final ModelRegistry registry;
    private final Analyser analyser;

    public InternalBenchmarkResource(ModelRegistry registry, Analyser analyser) {
        this.registry = registry;
        this.analyser = analyser;
    }

    /**
     * Bare scans: {@code runs} scans cycling through the given images ({@code {"modality": "<base64 8-bit gray
     * PNG>"}}, i.e. what a job carries), {@code concurrency} at a time, after a short warm-up. Each scan is the
     * modality guard plus every model of the modality with CAM and interpretation, nothing else: no Kafka,
     * no HTTP, no PNG decoding.
     */
    @POST
    @Path("/scan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Map<String, Object> scans(String body, @QueryParam("runs") Integer runs,
            @QueryParam("concurrency") Integer concurrency) throws Exception {
        Map<String, String> images;
        try {
            // Read here rather than bound by the framework, whose binding errors answer 400 without a problem body.
            images = IMAGES.readValue(body == null ? "" : body);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST,
                    "the body must be a JSON object {\"modality\": \"<base64 PNG>\"}");
        }
        int n = runs == null ? 100 : runs;
        int c = concurrency == null ? 1 : concurrency;
        if (n < 1 || n > 5000 || c < 1 || c > 64) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "runs must be 1-5000 and concurrency 1-64");
        }
        if (images == null || images.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "give at least one {\"modality\": \"<base64 PNG>\"}");
        }
        List<Modality> modalities = new ArrayList<>();
        List<GrayImage> pixels = new ArrayList<>();
        for (var e : images.entrySet()) {
            Modality m = Modality.fromWireName(e.getKey()).filter(x -> registry.forModality(x).isPresent())
                    .orElseThrow(() -> new ProblemException(ProblemType.INVALID_REQUEST, "no model for " + e.getKey()));
            try {
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("no image");
                }
                pixels.add(Analyser.decode(e.getValue()));
            } catch (IOException | IllegalArgumentException ex) {
                throw new ProblemException(ProblemType.INVALID_REQUEST, e.getKey() + ": not an 8-bit gray PNG in base64");
            }
            modalities.add(m);
        }
        ExecutorService pool = Executors.newFixedThreadPool(c);
        try {
            timeScans(pool, modalities, pixels, Math.min(WARMUP_SCANS, n));
            long start = System.nanoTime();
            double[][] timed = timeScans(pool, modalities, pixels, n);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("runs", n);
            out.put("concurrency", c);
            double[] all = timed[0].clone();
            Arrays.sort(all);
            out.put("p50_ms", round(percentile(all, 0.50)));
            out.put("p95_ms", round(percentile(all, 0.95)));
            out.put("p99_ms", round(percentile(all, 0.99)));
            out.put("scans_per_s", round(n / seconds));
            List<Map<String, Object>> per = new ArrayList<>();
            for (int m = 0; m < modalities.size(); m++) {
                List<Double> mine = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if ((int) timed[1][i] == m) {
                        mine.add(timed[0][i]);
                    }
                }
                double[] v = mine.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("modality", modalities.get(m).wireName());
                row.put("scans", v.length);
                row.put("p50_ms", v.length == 0 ? null : round(percentile(v, 0.50)));
                row.put("p95_ms", v.length == 0 ? null : round(percentile(v, 0.95)));
                per.add(row);
            }
            out.put("per_modality", per);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** [0][i] = latency of scan i in ms, [1][i] = index of its image. */
    private double[][] timeScans(ExecutorService pool, List<Modality> modalities, List<GrayImage> pixels, int n)
            throws Exception {
        List<Future<Double>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int which = i % modalities.size();
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                analyser.forwardScan(modalities.get(which), pixels.get(which));
                return (System.nanoTime() - t0) / 1e6;
            }));
        }
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = futures.get(i).get();
            out[1][i] = i % modalities.size();
        }
        return out;
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    @GET
    @Path("/forward")
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
                row.put("p50_ms", round(percentile(ms, 0.50)));
                row.put("p95_ms", round(percentile(ms, 0.95)));
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
