package org.fractify.inference.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.fractify.contracts.Modality;
import org.fractify.inference.config.InferenceConfig;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.model.ModelBundle;
import org.fractify.inference.model.ModelBundleReader;
import org.fractify.inference.model.ModelRunner;

/**
 * Loads every model bundle at start-up, warms each one up, and closes them at shutdown. The service is
 * ready only after this; a bundle that fails its checks (sha256, labels, table) is logged and left out.
 */
@ApplicationScoped
public class ModelRegistry {

    /** A loaded model and what it declares. */
    public record LoadedModel(ModelBundle bundle, ModelRunner runner) {
    }

    private final InferenceConfig config;
    private final ObjectMapper json;
    private final Map<Modality, LoadedModel> models = new ConcurrentHashMap<>();
    private volatile boolean ready;

    public ModelRegistry(InferenceConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        // No model is ever downloaded: DJL must use the bundled libtorch and the files in the repository.
        System.setProperty("ai.djl.offline", "true");
        Path dir = Path.of(config.modelsDir()).toAbsolutePath().normalize();
        int pool = config.predictors().orElse(Runtime.getRuntime().availableProcessors());
        if (!Files.isDirectory(dir)) {
            Log.errorf("models directory %s does not exist; no modality can be analysed", dir);
        } else {
            try (Stream<Path> bundles = Files.list(dir)) {
                bundles.filter(p -> Files.isRegularFile(p.resolve("card.json"))).sorted().forEach(p -> load(p, pool));
            } catch (Exception e) {
                Log.errorf(e, "cannot list %s", dir);
            }
        }
        ready = true;
        Log.infof("models ready: %s", models.keySet());
    }

    private void load(Path bundleDir, int pool) {
        try {
            long t0 = System.nanoTime();
            ModelBundle bundle = ModelBundleReader.read(bundleDir, json);
            Modality modality = Modality.fromWireName(bundle.modality())
                    .orElseThrow(() -> new IllegalArgumentException("unknown modality " + bundle.modality()));
            ModelRunner runner = ModelRunner.load(bundleDir, bundle.card().path("file").asText("model.pt"), pool);
            int side = bundle.card().path("input").path("size").asInt(224);
            GrayImage blank = new GrayImage(side, side, new float[side * side]);
            for (int i = 0; i < config.warmupRuns(); i++) {
                runner.forward(blank);
            }
            models.put(modality, new LoadedModel(bundle, runner));
            Log.infof("loaded %s %s for %s with %d predictors in %d ms", bundle.name(), bundle.version(),
                    modality.wireName(), pool, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            Log.errorf(e, "model bundle %s not loaded", bundleDir);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        models.values().forEach(m -> m.runner().close());
        models.clear();
    }

    public Optional<LoadedModel> forModality(Modality modality) {
        return Optional.ofNullable(models.get(modality));
    }

    public Collection<LoadedModel> all() {
        return models.values();
    }

    public boolean ready() {
        return ready;
    }
}
