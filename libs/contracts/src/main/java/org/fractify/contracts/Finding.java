package org.fractify.contracts;

import java.util.List;

/**
 * One abnormal finding.
 *
 * @param label      the model's label (as in the dataset's labels.csv)
 * @param condition  display name
 * @param code       coded concept (SNOMED CT or RadLex)
 * @param confidence calibrated probability in percent, 0-100, one decimal
 * @param severity   Mild, Moderate, Severe or Critical
 * @param urgency    1-5 for this finding, from the model card's urgency table
 * @param location   where, in anatomical words and as a box
 */
public record Finding(String label, String condition, Code code, double confidence, String severity, int urgency,
        Location location) {

    /** A coded concept. */
    public record Code(String system, String code, String display) {
    }

    /**
     * @param description anatomical words, e.g. "right lung, lower zone"
     * @param bbox        [x, y, w, h] normalised 0-1 to the image as sent
     */
    public record Location(String description, List<Double> bbox) {
    }
}
