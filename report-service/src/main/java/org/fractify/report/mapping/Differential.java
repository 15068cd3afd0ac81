package org.fractify.report.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One differential diagnosis.
 *
 * @param label  the model's label; left out for the knowledge base's look-alikes
 * @param basis  {@code model} or {@code knowledge_base}
 */
public record Differential(String condition, @JsonInclude(JsonInclude.Include.NON_NULL) String label,
        double likelihood, String rationale, String basis) {

    public static final String MODEL = "model";
    public static final String KNOWLEDGE_BASE = "knowledge_base";
}
