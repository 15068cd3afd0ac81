package org.fractify.webhook.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;
import org.fractify.webhook.domain.WebhookEvent;

/**
 * The fields of a create or update request, checked for shape (the URL's destination is checked by
 * the {@link org.fractify.webhook.client.EndpointGuard}). On an update, an absent field is left as it is;
 * {@code description: null} clears the description.
 */
public record WebhookChanges(Optional<String> url, Optional<List<String>> events, Optional<Boolean> enabled,
        Optional<Optional<String>> description, Optional<Boolean> thinPayload) {

    private static final Set<String> FIELDS = Set.of("url", "events", "enabled", "description", "thin_payload");
    private static final int MAX_DESCRIPTION = 500;

    /** Reads a request body; {@code create} makes url and events required. */
    public static WebhookChanges parse(JsonNode body, boolean create) {
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw invalid("unknown field '" + name + "'; allowed: url, events, enabled, description, thin_payload");
            }
        }
        Optional<String> url = Optional.empty();
        if (body.has("url")) {
            if (!body.get("url").isTextual() || body.get("url").asText().isBlank()) {
                throw invalid("'url' must be a non-empty string");
            }
            url = Optional.of(body.get("url").asText().trim());
        } else if (create) {
            throw invalid("'url' is required");
        }
        Optional<List<String>> events = Optional.empty();
        if (body.has("events")) {
            events = Optional.of(events(body.get("events")));
        } else if (create) {
            throw invalid("'events' is required: a non-empty list of " + WebhookEvent.subscribableNames());
        }
        Optional<Boolean> enabled = bool(body, "enabled");
        Optional<Boolean> thin = bool(body, "thin_payload");
        Optional<Optional<String>> description = Optional.empty();
        if (body.has("description")) {
            JsonNode d = body.get("description");
            if (d.isNull()) {
                description = Optional.of(Optional.empty());
            } else if (!d.isTextual() || d.asText().length() > MAX_DESCRIPTION) {
                throw invalid("'description' must be a string of at most " + MAX_DESCRIPTION + " characters, or null");
            } else {
                description = Optional.of(Optional.of(d.asText()));
            }
        }
        return new WebhookChanges(url, events, enabled, description, thin);
    }

    private static List<String> events(JsonNode node) {
        String expected = "'events' must be a non-empty list of " + WebhookEvent.subscribableNames();
        if (!node.isArray() || node.isEmpty()) {
            throw invalid(expected);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : node) {
            if (!e.isTextual() || WebhookEvent.subscribable(e.asText()).isEmpty()) {
                throw invalid(expected + "; '" + (e.isTextual() ? e.asText() : e.toString()) + "' is not one");
            }
            out.add(e.asText());
        }
        return new ArrayList<>(out);
    }

    private static Optional<Boolean> bool(JsonNode body, String field) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        if (!body.get(field).isBoolean()) {
            throw invalid("'" + field + "' must be true or false");
        }
        return Optional.of(body.get(field).asBoolean());
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
