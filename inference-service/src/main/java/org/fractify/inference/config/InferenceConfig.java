package org.fractify.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** inference-service settings; each maps from an environment variable FRACTIFY_INFERENCE_*. */
@ConfigMapping(prefix = "fractify.inference")
public interface InferenceConfig {

    /** Directory holding one bundle per modality: {@code <modality>/model.pt, card.json, conditions.json}. */
    @WithDefault("models")
    String modelsDir();

    /**
     * Forward passes at once: the predictors of each model and the threads of the "inference" worker pool
     * that runs scan jobs ({@code smallrye.messaging.worker.inference.max-concurrency} reads this value, so
     * the two cannot disagree). Defaults to the number of cores ({@link ConcurrencyDefault}).
     */
    int concurrency();

    /**
     * Threads one forward pass may use (libtorch intra-op threads). One by default: the predictor pool
     * already runs one pass per core, and a pass spreading over every core as well oversubscribes them as
     * soon as two scans overlap (docs/decisions/0018-one-thread-per-forward-pass.md).
     */
    @WithDefault("1")
    int intraOpThreads();

    /**
     * libtorch's profiling graph executor, which re-optimises a TorchScript graph for the input shapes it
     * sees. Off by default: shapes vary by image and tile, and each new shape costs a slow profiled pass.
     */
    @WithDefault("false")
    boolean graphOptimizer();

    /** Forward passes run before the service reports ready, so the first scan is not slow. */
    @WithDefault("3")
    int warmupRuns();
}
