package org.fractify.inference.service;

import ai.djl.translate.TranslateException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.AnalysisCompleted.Failure;
import org.fractify.contracts.AnalysisCompleted.ModelRef;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.ScanJob;
import org.fractify.contracts.SeriesSelection;
import org.fractify.contracts.SliceCandidate;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.service.ModelRegistry.LoadedModel;
import org.fractify.inference.service.ModelRegistry.ModalityModels;
import org.fractify.problem.ProblemType;

/**
 * Runs one scan job through its modality's model: decode the normalised PNG, forward pass (logits and
 * CAM in one graph), interpret. Pixels live only in this method's frames; nothing is written to disk.
 */
@ApplicationScoped
public class Analyser {

    private final ModelRegistry registry;
    private final ModalityGuard guard;

    public Analyser(ModelRegistry registry, ModalityGuard guard) {
        this.registry = registry;
        this.guard = guard;
    }

    /**
     * @param queuedAt when the job was queued (its Kafka record's timestamp); the "queue" stage runs from
     *                 there to now
     */
    public AnalysisCompleted analyse(ScanJob job, Instant queuedAt) {
        long t0 = System.nanoTime();
        long queueMs = queuedAt == null ? 0 : Math.max(0, Duration.between(queuedAt, Instant.now()).toMillis());
        ModalityModels models = registry.forModality(job.modality()).orElse(null);
        if (models == null) {
            return failed(job, null, ProblemType.MODALITY_UNAVAILABLE,
                    "No model is installed for modality " + job.modality().wireName());
        }
        LoadedModel primary = models.primary();
        try {
            GrayImage image = decode(job.image().pngBase64());
            long t1 = System.nanoTime();
            Optional<String> mismatch = guard.check(image, job.modality());
            long t2 = System.nanoTime();
            if (mismatch.isPresent()) {
                return failed(job, primary, ProblemType.MODALITY_MISMATCH, mismatch.get());
            }
            // Series mode: the representative slice and the gateway's candidates are all analysed; the most
            // significant result (highest urgency, then most probable abnormal label) becomes the report's.
            List<Slice> slices = new ArrayList<>();
            slices.add(new Slice(image, job.image(), job.series() == null ? -1 : job.series().selectedIndex(),
                    job.series() == null ? null : job.series().selectedInstanceUid()));
            for (SliceCandidate candidate : job.candidates()) {
                slices.add(new Slice(decode(candidate.image().pngBase64()), candidate.image(), candidate.index(),
                        candidate.instanceUid()));
            }
            long inferNanos = 0;
            long explainNanos = 0;
            Postprocessor.Interpretation result = null;
            Slice chosen = null;
            for (Slice slice : slices) {
                long[] nanos = new long[2];
                Postprocessor.Interpretation sliceResult = interpret(models, slice.pixels(),
                        slice.image().sourceWidth(), slice.image().sourceHeight(), nanos);
                inferNanos += nanos[0];
                explainNanos += nanos[1];
                if (result == null || significance(sliceResult, primary) > significance(result, primary)) {
                    result = sliceResult;
                    chosen = slice;
                }
            }
            SeriesSelection series = job.series() == null ? null : new SeriesSelection(job.series().seriesInstanceUid(),
                    job.series().slicesReceived(), chosen.instanceUid(), chosen.index(), job.series().rule()
                            + "; result = the most significant of " + slices.size()
                            + " analysed slices (highest urgency, then highest abnormal probability)");
            Map<String, Long> stages = new LinkedHashMap<>();
            stages.put("queue", queueMs);
            stages.put("guard", (t2 - t1) / 1_000_000);
            stages.put("infer", (inferNanos + (t1 - t0)) / 1_000_000);
            stages.put("explain", explainNanos / 1_000_000);
            return new AnalysisCompleted(AnalysisCompleted.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
                    job.reportId(), job.tenantId(), job.withoutPixels(), AnalysisCompleted.COMPLETED,
                    ref(primary), result.scores(), result.findings(), result.urgency(), result.heatmap(), stages, null,
                    series);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(job, primary, ProblemType.SERVICE_UNAVAILABLE, "Inference was interrupted (shutdown); retry");
        } catch (Exception e) {
            Log.errorf(e, "analysis of %s failed", job.reportId());
            return failed(job, primary, ProblemType.INTERNAL_ERROR, "The model could not process this image");
        }
    }

    /**
     * Every model of the modality on one image (forward pass with its CAM, then interpretation), merged into
     * one result; {@code nanos} receives the forward time [0] and the interpretation time [1].
     */
    static Postprocessor.Interpretation interpret(ModalityModels models, GrayImage pixels, int sourceWidth,
            int sourceHeight, long[] nanos) throws TranslateException, InterruptedException {
        Postprocessor.Geometry geometry = new Postprocessor.Geometry(pixels.width(), sourceWidth, sourceHeight);
        Postprocessor.Interpretation result = null;
        for (LoadedModel model : models.all()) {
            long a = System.nanoTime();
            TiledPredictor.Prediction prediction = TiledPredictor.predict(model.bundle(), model.runner(), pixels,
                    sourceWidth, sourceHeight);
            long b = System.nanoTime();
            Postprocessor.Interpretation part = Postprocessor.interpret(model.bundle(), prediction.probabilities(),
                    prediction.pass(), geometry);
            nanos[1] += System.nanoTime() - b;
            nanos[0] += b - a;
            result = result == null ? part : Postprocessor.merge(result, part);
        }
        return result;
    }

    /**
     * The model work of one scan and nothing else: the modality guard, then every model of the modality with
     * its CAM and interpretation, on an image already decoded. What {@link #analyse} spends in the models; the
     * operator benchmark times it as the "bare" cost of a scan.
     */
    public void forwardScan(Modality modality, GrayImage image) throws TranslateException, InterruptedException {
        ModalityModels models = registry.forModality(modality).orElseThrow(
                () -> new IllegalArgumentException("no model for " + modality.wireName()));
        guard.check(image, modality);
        interpret(models, image, image.width(), image.height(), new long[2]);
    }

    /** One image to analyse: a series slice, or the single image. */
    private record Slice(GrayImage pixels, NormalisedImage image, int index, String instanceUid) {
    }

    /** Orders results: urgency first, then the most probable abnormal label of the primary model. */
    static double significance(Postprocessor.Interpretation result, LoadedModel primary) {
        double abnormal = 0;
        for (var e : result.scores().entrySet()) {
            if (!primary.bundle().normalLabels().contains(e.getKey())) {
                abnormal = Math.max(abnormal, e.getValue());
            }
        }
        return result.urgency() + abnormal;
    }

    public static GrayImage decode(String pngBase64) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(pngBase64)));
        if (img == null || img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            throw new IOException("the job's image is not an 8-bit gray PNG");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        float[] pixels = new float[w * h];
        for (int y = 0; y < h; y++) {
            img.getRaster().getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = row[x];
            }
        }
        return new GrayImage(w, h, pixels);
    }

    private static ModelRef ref(LoadedModel model) {
        return new ModelRef(model.bundle().name(), model.bundle().version());
    }

    private static AnalysisCompleted failed(ScanJob job, LoadedModel model, ProblemType type, String detail) {
        return new AnalysisCompleted(AnalysisCompleted.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
                job.reportId(), job.tenantId(), job.withoutPixels(), AnalysisCompleted.FAILED,
                model == null ? null : ref(model), Map.of(), List.of(), 0, null, Map.of(),
                new Failure(type, detail));
    }
}
