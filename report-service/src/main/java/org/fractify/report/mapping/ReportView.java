package org.fractify.report.mapping;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A report in the public API's shape (snake_case, as in docs/openapi.yaml), as the gateway, fhir-service and
 * webhook-service read it. The JSON is the contract: field order, explicit nulls and absent fields are kept as
 * they have always been written. What an analysis adds ({@link Outcome}) and what only a completed one adds
 * ({@link Result}) are written inline and left out, together, when there is none.
 *
 * @param outcome              null while processing
 * @param treatmentGuidance    completed reports read in full only
 * @param differentials        completed reports read in full only
 * @param fhirDiagnosticReport completed reports read in full only: the DiagnosticReport rendered from the
 *                             rest of this view
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportView(
        String reportId,
        String status,
        String modality,
        String patientId,
        Instant createdAt,
        boolean acknowledged,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant acknowledgedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) AcknowledgedBy acknowledgedBy,
        @JsonUnwrapped Outcome outcome,
        @JsonInclude(JsonInclude.Include.NON_NULL) TreatmentGuidance treatmentGuidance,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Differential> differentials,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode fhirDiagnosticReport) {

    /** The same report with what a full read adds to a completed one. */
    public ReportView withReading(TreatmentGuidance guidance, List<Differential> differentials, JsonNode fhir) {
        return new ReportView(reportId, status, modality, patientId, createdAt, acknowledged, acknowledgedAt,
                acknowledgedBy, outcome, guidance, differentials, fhir);
    }

    /**
     * What the analysis says, completed or failed.
     *
     * @param problem failed reports only
     * @param result  completed reports only
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Outcome(
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant completedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long processingMs,
            Map<String, Long> processingStagesMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Problem problem,
            @JsonUnwrapped Result result) {
    }

    /** Why the analysis failed: a problem type of the registry. */
    public record Problem(String type, int status, String detail) {
    }

    /** The model's result. {@code heatmapUrl} is written as null when there is no heatmap. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(
            List<Finding> findings,
            int urgency,
            String heatmapUrl,
            Model model,
            Map<String, Double> scores,
            @JsonInclude(JsonInclude.Include.NON_NULL) Series series) {
    }

    /** A finding; {@code code} is left out when the condition has none. */
    public record Finding(String condition, String label, @JsonInclude(JsonInclude.Include.NON_NULL) Code code,
            double confidence, String severity, int urgency, Location location) {
    }

    public record Code(String system, String code, String display) {
    }

    /** Where a finding is: {@link Place}, or {@link #UNKNOWN} (written as {}) when the model gave none. */
    public sealed interface Location permits Place, Unknown {
        Location UNKNOWN = new Unknown();
    }

    /** Anatomical words (may be null) and a normalised box (empty when none). */
    public record Place(String description, List<Double> bbox) implements Location {
    }

    /** No location: an empty object. */
    @JsonFormat(shape = JsonFormat.Shape.OBJECT)
    public record Unknown() implements Location {
    }

    public record Model(String name, String version) {
    }

    /** Series mode: which slice of the series the result comes from. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Series(String seriesInstanceUid, int slicesReceived, String selectedInstanceUid,
            int selectedIndex, String rule) {
    }
}
