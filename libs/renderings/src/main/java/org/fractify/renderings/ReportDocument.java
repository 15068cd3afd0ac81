package org.fractify.renderings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored report as the public API shows it ({@code GET /api/v1/report/{id}}, snake_case JSON). Every
 * rendering (FHIR R4, HL7 v2) starts from this one document, so no rendering can disagree with the report.
 *
 * @param reportId          {@code rpt_...}
 * @param status            processing, completed or failed
 * @param modality          wire name, e.g. chest_xray
 * @param patientId         the client's patient identifier
 * @param createdAt         acceptance at the gateway
 * @param completedAt       when the report was stored; null while processing
 * @param findings          abnormal findings, may be empty
 * @param urgency           1-5; null until completed
 * @param heatmapUrl        link to the explanation heatmap (absolute when the caller knew the public URL)
 * @param model             model name and version
 * @param scores            probability per model label
 * @param treatmentGuidance the knowledge-base guidance
 * @param differentials     ordered differentials
 * @param acknowledged      whether a reader acknowledged the report
 * @param acknowledgedAt    when, null if not
 * @param acknowledgedBy    who (integration and key id of the API key), null if not
 */
public record ReportDocument(
        String reportId,
        String status,
        String modality,
        String patientId,
        Instant createdAt,
        Instant completedAt,
        List<Finding> findings,
        Integer urgency,
        String heatmapUrl,
        Model model,
        Map<String, Double> scores,
        Guidance treatmentGuidance,
        List<Differential> differentials,
        boolean acknowledged,
        Instant acknowledgedAt,
        AcknowledgedBy acknowledgedBy) {

    public static final String PROCESSING = "processing";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ReportDocument {
        findings = findings == null ? List.of() : List.copyOf(findings);
        differentials = differentials == null ? List.of() : List.copyOf(differentials);
        scores = scores == null ? Map.of() : Map.copyOf(scores);
    }

    /** Reads the public report JSON; unknown fields (e.g. an embedded FHIR resource) are ignored. */
    public static ReportDocument from(JsonNode json) {
        try {
            return JSON.treeToValue(json, ReportDocument.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a Fractify report document: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether the report has a result to render (completed). */
    public boolean isCompleted() {
        return COMPLETED.equals(status);
    }

    /**
     * @param condition  display name
     * @param label      model label
     * @param code       coded concept, may be null
     * @param confidence percent 0-100
     * @param severity   Mild, Moderate, Severe or Critical
     * @param urgency    1-5
     * @param location   where
     */
    public record Finding(String condition, String label, Code code, Double confidence, String severity, Integer urgency,
            Location location) {
    }

    /** A coded concept. */
    public record Code(String system, String code, String display) {
    }

    /** Anatomical words and a normalised box. */
    public record Location(String description, List<Double> bbox) {
    }

    /** The model behind the result. */
    public record Model(String name, String version) {
    }

    /** Guidance from the knowledge base; see report-service's KnowledgeBase. */
    public record Guidance(String knowledgeBaseVersion, String condition, String severity, String summary,
            List<String> recommendations, List<String> contextNotes, List<String> sources, String disclaimer) {
        public Guidance {
            recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
            contextNotes = contextNotes == null ? List.of() : List.copyOf(contextNotes);
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }

    /** One differential diagnosis. */
    public record Differential(String condition, String label, Double likelihood, String rationale) {
    }

    /** The API key that acknowledged: its integration and key id. */
    public record AcknowledgedBy(String integration, String keyId) {
    }
}
