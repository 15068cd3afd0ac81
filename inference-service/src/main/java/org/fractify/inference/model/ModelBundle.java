package org.fractify.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a model directory declares about itself: the card written by the training pipeline and the
 * clinical table (display names, codes, urgency) reviewed by clinicians. No numbers live in code.
 *
 * @param modality     the modality it serves
 * @param name         model name
 * @param version      semantic version
 * @param labels       output order of the logits
 * @param normalLabels labels that mean "no finding"
 * @param temperature  calibration temperature (softmax(logits / T))
 * @param activation   softmax (one label) or sigmoid (independent labels)
 * @param thresholds   operating threshold per abnormal label
 * @param conditions   clinical table per label
 * @param locationScheme how a heatmap peak is put into anatomical words
 * @param role         primary (the modality's model), subtypes (extra labels for the same modality) or guard
 *                     (recognises which modality an image is)
 * @param tileSize     side of the tiles the model was trained on; 0 when it takes the whole image
 * @param card         the card as written, served by GET /api/v1/models
 */
public record ModelBundle(String modality, String name, String version, List<String> labels, Set<String> normalLabels,
        double temperature, String activation, Map<String, Double> thresholds, Map<String, Condition> conditions,
        String locationScheme, String role, int tileSize, JsonNode card) {

    public static final String PRIMARY = "primary";
    public static final String SUBTYPES = "subtypes";
    public static final String GUARD = "guard";

    /**
     * One row of the clinical table.
     *
     * @param display            display name
     * @param system             code system URI
     * @param code               code
     * @param codeDisplay        the code's display
     * @param urgencyBySeverity  urgency 1-5 for Mild, Moderate, Severe, Critical
     * @param rationale          why that urgency
     */
    public record Condition(String display, String system, String code, String codeDisplay,
            Map<String, Integer> urgencyBySeverity, String rationale) {
    }
}
