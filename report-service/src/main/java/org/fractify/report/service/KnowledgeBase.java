package org.fractify.report.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The versioned guidance knowledge base ({@code knowledge/knowledge-base.json}): display names,
 * recommended next steps and their guideline sources, per model label.
 */
@ApplicationScoped
public class KnowledgeBase {

    private final JsonNode root;

    public KnowledgeBase(ObjectMapper mapper) {
        try (InputStream in = KnowledgeBase.class.getResourceAsStream("/knowledge/knowledge-base.json")) {
            this.root = mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("knowledge base missing", e);
        }
    }

    public String version() {
        return root.path("version").asText();
    }

    public String disclaimer() {
        return root.path("disclaimer").asText();
    }

    /** The entry for a label; a missing node when the base has none yet. */
    public JsonNode label(String label) {
        return root.path("labels").path(label);
    }

    public String display(String label) {
        JsonNode n = label(label).path("display");
        return n.isMissingNode() ? label : n.asText();
    }
}
