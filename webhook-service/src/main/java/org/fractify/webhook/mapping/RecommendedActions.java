package org.fractify.webhook.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The recommended action carried by analysis.critical webhooks, from {@code webhooks/recommended-actions.json}:
 * a condition-specific sentence where the knowledge base has one (keyed by SNOMED CT code and urgency),
 * else the urgency-level sentence. The full guidance lives in the report (report-service).
 */
@ApplicationScoped
public class RecommendedActions {

    private final JsonNode table;

    public RecommendedActions() {
        try (InputStream in = RecommendedActions.class.getResourceAsStream("/webhooks/recommended-actions.json")) {
            if (in == null) {
                throw new IOException("webhooks/recommended-actions.json is not on the classpath");
            }
            this.table = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sentence for a finding of {@code urgency} (4 or 5) with the given code, never null. */
    public String forFinding(String conditionCode, int urgency) {
        int level = Math.max(4, Math.min(5, urgency));
        JsonNode byCondition = conditionCode == null ? null : table.path("by_condition").get(conditionCode);
        if (byCondition != null && byCondition.hasNonNull(String.valueOf(level))) {
            return byCondition.get(String.valueOf(level)).asText();
        }
        return table.path("by_urgency").path(String.valueOf(level)).asText();
    }

    public String version() {
        return table.path("version").asText();
    }
}
