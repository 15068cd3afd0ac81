package org.fractify.inference.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /** What serves one modality: its primary model and any models that add labels (subtypes). */
    public record ModalityModels(LoadedModel primary, List<LoadedModel> extras) {

        /** The primary model first, then the extras. */
        public List<LoadedModel> all() {
            List<LoadedModel> all = new ArrayList<>(1 + extras.size());
            all.add(primary);
            all.addAll(extras);
            return all;
        }
    }

    private final InferenceConfig config;
    private final ObjectMapper json;
    private final Map<Modality, LoadedModel> models = new ConcurrentHashMap<>();
    private final Map<Modality, List<LoadedModel>> extras = new ConcurrentHashMap<>();
    private volatile LoadedModel guard;
    private volatile boolean ready;

    public ModelRegistry(InferenceConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        // No model is ever downloaded: DJL must use the bundled libtorch and the files in the repository. The
        // one place this is set, whatever starts the service (./fractify, a container, the tests): DJL reads it
        // when the engine starts, i.e. at the first model load below.
        System.setProperty("ai.djl.offline", "true");
        // Read once by DJL when the engine starts (the first model load below); a -D on the command line wins.
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(config.intraOpThreads()));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("ai.djl.pytorch.graph_optimizer", Boolean.toString(config.graphOptimizer()));
        Path dir = Path.of(config.modelsDir()).toAbsolutePath().normalize();
        int pool = config.concurrency();
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
        Log.infof("models ready: %s%s", models.keySet(), guard == null ? " (no modality guard)" : " + modality guard");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private void load(Path bundleDir, int pool) {
        try {
            long t0 = System.nanoTime();
            ModelBundle bundle = ModelBundleReader.read(bundleDir, json);
            Modality modality = ModelBundle.GUARD.equals(bundle.role()) ? null : Modality.fromWireName(bundle.modality())
                    .orElseThrow(() -> new IllegalArgumentException("unknown modality " + bundle.modality()));
            ModelRunner runner = ModelRunner.load(bundleDir, bundle.card().path("file").asText("model.pt"), pool);
            int side = bundle.tileSize() > 0 ? bundle.tileSize() : bundle.card().path("input").path("size").asInt(224);
            GrayImage blank = new GrayImage(side, side, new float[side * side]);
            for (int i = 0; i < config.warmupRuns(); i++) {
                runner.forward(blank);
            }
            LoadedModel loaded = new LoadedModel(bundle, runner);
            switch (bundle.role()) {
                case ModelBundle.GUARD -> guard = loaded;
                case ModelBundle.SUBTYPES -> extras.computeIfAbsent(modality, m -> new CopyOnWriteArrayList<>()).add(loaded);
                default -> {
                    LoadedModel previous = models.put(modality, loaded);
                    if (previous != null) {
                        Log.warnf("two primary models for %s; %s replaces %s", modality.wireName(), bundle.name(),
                                previous.bundle().name());
                        previous.runner().close();
                    }
                }
            }
            Log.infof("loaded %s %s (%s, %s) with %d predictors in %d ms", bundle.name(), bundle.version(),
                    bundle.role(), modality == null ? "all modalities" : modality.wireName(), pool,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            Log.errorf(e, "model bundle %s not loaded", bundleDir);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        all().forEach(m -> m.runner().close());
        models.clear();
        extras.clear();
        guard = null;
    }

    /** The models of a modality; empty when it has no primary model. */
    public Optional<ModalityModels> forModality(Modality modality) {
        LoadedModel primary = models.get(modality);
        return primary == null ? Optional.empty()
                : Optional.of(new ModalityModels(primary, extras.getOrDefault(modality, List.of())));
    }

    /** The modality recogniser, when one is installed. */
    public Optional<LoadedModel> guard() {
        return Optional.ofNullable(guard);
    }

    /** Every loaded model, primaries first. */
    public List<LoadedModel> all() {
        List<LoadedModel> all = new ArrayList<>(models.values());
        extras.values().forEach(all::addAll);
        if (guard != null) {
            all.add(guard);
        }
        return all;
    }

    public boolean ready() {
        return ready;
    }
}
