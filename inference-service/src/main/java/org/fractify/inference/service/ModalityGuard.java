package org.fractify.inference.service;

import ai.djl.translate.TranslateException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;
import org.fractify.contracts.Modality;
import org.fractify.inference.model.ForwardPass;
import org.fractify.inference.model.GrayImage;
import org.fractify.inference.model.ModelBundle;

/**
 * The input guard: a small model that recognises which of the seven modalities an image is. A scan
 * that clearly is another modality than the one requested is refused (422 naming both) rather than
 * given a confident wrong answer. "Clearly" is the rule in the guard's card, chosen on val:
 * the requested modality's probability is below {@code guard_rule.t} and another modality's is at
 * least {@code guard_rule.u}.
 */
@ApplicationScoped
public class ModalityGuard {

    /** Used when a guard's card states no rule: refuse only near-certain mismatches. */
    static final double DEFAULT_REQUESTED_BELOW = 0.05;
    static final double DEFAULT_OTHER_ABOVE = 0.90;

    private final ModelRegistry registry;

    public ModalityGuard(ModelRegistry registry) {
        this.registry = registry;
    }

    /** Why the image is not of the requested modality; empty when it may be (or no guard is installed). */
    public Optional<String> check(GrayImage image, Modality requested) throws TranslateException, InterruptedException {
        Optional<ModelRegistry.LoadedModel> guard = registry.guard();
        if (guard.isEmpty()) {
            return Optional.empty();
        }
        ModelBundle bundle = guard.get().bundle();
        ForwardPass pass = guard.get().runner().forward(image);
        double[] p = Postprocessor.probabilities(pass.logits(), bundle.temperature(), bundle.activation());
        return decide(bundle, p, requested);
    }

    static Optional<String> decide(ModelBundle bundle, double[] p, Modality requested) {
        int asked = bundle.labels().indexOf(requested.wireName());
        if (asked < 0) {
            return Optional.empty(); // the guard does not know this modality: it cannot object
        }
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        JsonNode rule = bundle.card().path("guard_rule");
        // The training pipeline writes the rule as t (requested below) and u (other above).
        double requestedBelow = rule.path("t").asDouble(rule.path("requested_below").asDouble(DEFAULT_REQUESTED_BELOW));
        double otherAbove = rule.path("u").asDouble(rule.path("other_above").asDouble(DEFAULT_OTHER_ABOVE));
        if (best != asked && p[asked] < requestedBelow && p[best] >= otherAbove) {
            return Optional.of(String.format(Locale.ROOT,
                    "The image looks like %s (probability %.2f), not the requested %s (probability %.2f)",
                    bundle.labels().get(best), p[best], requested.wireName(), p[asked]));
        }
        return Optional.empty();
    }
}
