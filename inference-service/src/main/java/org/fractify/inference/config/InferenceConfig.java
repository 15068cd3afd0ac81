package org.fractify.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** inference-service settings; each maps from an environment variable FRACTIFY_INFERENCE_*. */
@ConfigMapping(prefix = "fractify.inference")
public interface InferenceConfig {

    /** Directory holding one bundle per modality: {@code <modality>/model.pt, card.json, conditions.json}. */
    @WithDefault("models")
    String modelsDir();

    /** Predictors per model, i.e. concurrent forward passes; defaults to the number of cores. */
    OptionalInt predictors();

    /** Forward passes run before the service reports ready, so the first scan is not slow. */
    @WithDefault("3")
    int warmupRuns();
}
