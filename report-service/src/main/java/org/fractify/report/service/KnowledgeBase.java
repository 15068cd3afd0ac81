package org.fractify.report.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The versioned guidance knowledge base ({@code knowledge/knowledge-base.json}, reviewed like code; see
 * docs/knowledge-base.md): per modality and model label a display name, the guidance for each severity with
 * the next steps and the guideline each comes from, the label's differential list, and the clinical-context
 * rules. Loaded once and checked at start: a step or rule citing an unknown source refuses to start.
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
        checkSources();
    }

    public String version() {
        return root.path("version").asText();
    }

    public String disclaimer() {
        return root.path("disclaimer").asText();
    }

    public String severityNote() {
        return root.path("severity_note").asText();
    }

    /** The full citation of a source id. */
    public String source(String id) {
        return root.path("sources").path(id).asText(id);
    }

    /** The entry of a modality's label; empty when the base has none. */
    public Optional<JsonNode> label(String modality, String label) {
        JsonNode n = root.path("modalities").path(modality).path("labels").path(label);
        return n.isMissingNode() ? Optional.empty() : Optional.of(n);
    }

    public String display(String modality, String label) {
        return label(modality, label).map(n -> n.path("display").asText(label)).orElse(label);
    }

    /** The label the base marks as the modality's normal result, if any. */
    public Optional<String> normalLabel(String modality) {
        Iterator<Map.Entry<String, JsonNode>> it = root.path("modalities").path(modality).path("labels").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("normal").asBoolean()) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Clinical-context rules, in the order the base lists them. */
    public List<JsonNode> contextRules() {
        List<JsonNode> rules = new ArrayList<>();
        root.path("context_rules").forEach(rules::add);
        return rules;
    }

    /** Every (modality, label) the base covers, as "modality/label". */
    public List<String> coverage() {
        List<String> all = new ArrayList<>();
        root.path("modalities").fields().forEachRemaining(m -> m.getValue().path("labels").fieldNames()
                .forEachRemaining(l -> all.add(m.getKey() + "/" + l)));
        return all;
    }

    private void checkSources() {
        JsonNode sources = root.path("sources");
        List<String> cited = new ArrayList<>();
        root.findValues("source").forEach(n -> cited.add(n.asText()));
        for (String id : cited) {
            if (!sources.has(id)) {
                throw new IllegalStateException("knowledge base cites unknown source " + id);
            }
        }
    }
}
