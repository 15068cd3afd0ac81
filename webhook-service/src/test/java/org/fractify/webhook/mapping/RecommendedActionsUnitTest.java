package org.fractify.webhook.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.fractify.contracts.Modality;
import org.fractify.contracts.ReportEvent;
import org.fractify.webhook.domain.WebhookEvent;
import org.junit.jupiter.api.Test;

class RecommendedActionsUnitTest {

    private final RecommendedActions actions = new RecommendedActions();

    @Test
    void conditionSpecificWhereTheKnowledgeBaseHasItElseTheUrgencyLevel() {
        assertThat(actions.forFinding("233604007", 5)).startsWith("Immediate review for respiratory failure");
        assertThat(actions.forFinding("1386000", 5)).contains("(AHA/ASA ICH 2022)");
        assertThat(actions.forFinding("1386000", 4)).startsWith("Urgent review by the responsible clinician");
        assertThat(actions.forFinding(null, 5)).startsWith("Immediate review by the responsible clinician");
        assertThat(actions.forFinding("999", 4)).contains("urgency 4");
    }

    @Test
    void everySentenceNamesItsSourceOrTheReportAndSaysItIsDecisionSupport() throws Exception {
        JsonNode table;
        try (InputStream in = RecommendedActions.class.getResourceAsStream("/webhooks/recommended-actions.json")) {
            table = new ObjectMapper().readTree(in);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = table.path("by_condition").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertThat(e.getKey()).as("SNOMED CT code").matches("[0-9]{6,18}");
            for (String urgency : new String[] {"4", "5"}) {
                if (e.getValue().has(urgency)) {
                    assertThat(e.getValue().get(urgency).asText()).as(e.getKey() + "/" + urgency)
                            .matches(".*\\([^)]*(19|20)[0-9]{2}\\).*").endsWith("Decision support, not a diagnosis.");
                }
            }
        }
        table.path("by_urgency").forEach(s -> assertThat(s.asText()).contains("treatment_guidance")
                .endsWith("Decision support, not a diagnosis."));
    }

    @Test
    void thinPayloadsLeaveOutPatientIdAndCondition() throws Exception {
        WebhookPayloads payloads = new WebhookPayloads(actions);
        ReportEvent e = new ReportEvent(1, "evt-1", Instant.parse("2026-11-28T10:00:00Z"), ReportEvent.COMPLETED,
                "rpt_1", "t", "PT-1", Modality.CT_BRAIN, 5, "Intracranial haemorrhage", "1386000", 10);
        String id = WebhookPayloads.messageId("evt-1", WebhookEvent.ANALYSIS_CRITICAL);
        assertThat(id).isEqualTo(WebhookPayloads.messageId("evt-1", WebhookEvent.ANALYSIS_CRITICAL))
                .isNotEqualTo(WebhookPayloads.messageId("evt-1", WebhookEvent.ANALYSIS_COMPLETE)).matches("msg_[0-9a-f]{32}");
        JsonNode full = new ObjectMapper().readTree(payloads.analysis(WebhookEvent.ANALYSIS_CRITICAL, id, e, false));
        assertThat(full.fieldNames()).toIterable().containsExactly("id", "event", "created_at", "report_id", "modality",
                "urgency", "condition", "patient_id", "recommended_action");
        assertThat(full.path("created_at").asText()).isEqualTo("2026-11-28T10:00:00Z");
        JsonNode thin = new ObjectMapper().readTree(payloads.analysis(WebhookEvent.ANALYSIS_COMPLETE, id, e, true));
        assertThat(thin.fieldNames()).toIterable().containsExactly("id", "event", "created_at", "report_id", "modality",
                "urgency");
    }
}
