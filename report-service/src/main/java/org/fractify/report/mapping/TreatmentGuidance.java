package org.fractify.report.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Treatment guidance from the knowledge base, in the order its fields have always been written.
 *
 * @param recommendations     the next steps' texts alone
 * @param contextRulesApplied the context rules whose factor the clinical context shows, and why
 * @param severityNote        only when the finding has a severity
 * @param text                the whole guidance as one readable text
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TreatmentGuidance(
        String knowledgeBaseVersion,
        String modality,
        String label,
        String condition,
        String severity,
        List<Step> nextSteps,
        List<String> recommendations,
        String summary,
        List<String> contextNotes,
        List<AppliedRule> contextRulesApplied,
        List<String> sources,
        @JsonInclude(JsonInclude.Include.NON_NULL) String severityNote,
        String disclaimer,
        String text) {

    /** A next step and the guideline it comes from. */
    public record Step(String text, String source) {
    }

    /** A context rule that applied: its id, the factor's evidence and the rule's guideline. */
    public record AppliedRule(String rule, String because, String source) {
    }
}
