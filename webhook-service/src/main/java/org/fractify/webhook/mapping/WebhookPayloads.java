package org.fractify.webhook.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.fractify.contracts.ReportEvent;
import org.fractify.webhook.domain.WebhookEvent;

/**
 * Renders webhook bodies (the seed contract): {@code id}, {@code event}, {@code created_at},
 * {@code report_id}, {@code modality}, {@code urgency}, {@code condition}, {@code patient_id}, and for
 * analysis.critical {@code recommended_action}. Thin payloads leave out {@code patient_id} and
 * {@code condition}, for receivers that fetch the report with their API key instead. The body is
 * rendered once, when the delivery is created, so every attempt and replay signs the same bytes.
 */
@ApplicationScoped
public class WebhookPayloads {

    private final ObjectMapper mapper = new ObjectMapper();
    private final RecommendedActions actions;

    public WebhookPayloads(RecommendedActions actions) {
        this.actions = actions;
    }

    /**
     * The message id (webhook-id and the payload's id) of {@code type} caused by report event
     * {@code reportEventId}: derived, not random, so a re-consumed event gives the same id.
     */
    public static String messageId(String reportEventId, WebhookEvent type) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((reportEventId + "|" + type.wireName()).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String analysis(WebhookEvent type, String messageId, ReportEvent event, boolean thin) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", messageId);
        body.put("event", type.wireName());
        body.put("created_at", (event.occurredAt() == null ? Instant.now() : event.occurredAt()).toString());
        body.put("report_id", event.reportId());
        body.put("modality", event.modality() == null ? null : event.modality().wireName());
        body.put("urgency", event.urgency());
        if (!thin) {
            body.put("condition", event.primaryCondition());
            body.put("patient_id", event.patientId());
        }
        if (type == WebhookEvent.ANALYSIS_CRITICAL) {
            body.put("recommended_action", actions.forFinding(event.primaryCode(), event.urgency()));
        }
        return write(body);
    }

    public String test(String messageId, String subscriptionId, Instant now) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", messageId);
        body.put("event", WebhookEvent.TEST.wireName());
        body.put("created_at", now.toString());
        body.put("webhook_id", subscriptionId);
        body.put("message", "Test event from Fractify: this endpoint receives signed webhooks.");
        return write(body);
    }

    private String write(ObjectNode body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a webhook body", e);
        }
    }
}
