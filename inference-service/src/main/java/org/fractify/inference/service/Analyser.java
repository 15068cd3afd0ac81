package org.fractify.inference.service;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.AnalysisCompleted.Failure;
import org.fractify.contracts.AnalysisCompleted.ModelRef;
import org.fractify.contracts.ScanJob;
import org.fractify.inference.model.ForwardPass;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.service.ModelRegistry.LoadedModel;
import org.fractify.problem.ProblemType;

/**
 * Runs one scan job through its modality's model: decode the normalised PNG, forward pass (logits and
 * CAM in one graph), interpret. Pixels live only in this method's frames; nothing is written to disk.
 */
@ApplicationScoped
public class Analyser {

    private final ModelRegistry registry;

    public Analyser(ModelRegistry registry) {
        this.registry = registry;
    }

    public AnalysisCompleted analyse(ScanJob job) {
        long t0 = System.nanoTime();
        long queueMs = Math.max(0, Duration.between(job.occurredAt(), Instant.now()).toMillis());
        LoadedModel model = registry.forModality(job.modality()).orElse(null);
        if (model == null) {
            return failed(job, null, ProblemType.MODALITY_UNAVAILABLE,
                    "No model is installed for modality " + job.modality().wireName());
        }
        try {
            GrayImage image = decode(job.image().pngBase64());
            long t1 = System.nanoTime();
            ForwardPass pass = model.runner().forward(image);
            long t2 = System.nanoTime();
            Postprocessor.Interpretation result = Postprocessor.interpret(model.bundle(), pass,
                    new Postprocessor.Geometry(image.width(), job.image().sourceWidth(), job.image().sourceHeight()));
            long t3 = System.nanoTime();
            Map<String, Long> stages = new LinkedHashMap<>();
            stages.put("queue", queueMs);
            stages.put("infer", (t2 - t1) / 1_000_000 + (t1 - t0) / 1_000_000);
            stages.put("explain", (t3 - t2) / 1_000_000);
            return new AnalysisCompleted(AnalysisCompleted.SCHEMA_VERSION, UUID.randomUUID().toString(), Instant.now(),
                    job.reportId(), job.tenantId(), job.withoutPixels(), AnalysisCompleted.COMPLETED,
                    ref(model), result.scores(), result.findings(), result.urgency(), result.heatmap(), stages, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(job, model, ProblemType.SERVICE_UNAVAILABLE, "Inference was interrupted (shutdown); retry");
        } catch (Exception e) {
            Log.errorf(e, "analysis of %s failed", job.reportId());
            return failed(job, model, ProblemType.INTERNAL_ERROR, "The model could not process this image");
        }
    }

    static GrayImage decode(String pngBase64) throws IOException {
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
                new Failure(type.slug(), type.status(), detail));
    }
}
