package org.fractify.report.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.Finding;

/**
 * Treatment guidance and differentials for a completed analysis, from the knowledge base only (no free
 * text from anywhere else). Guidance is the entry of the primary finding's label and severity (or of the
 * modality's normal label), its next steps each with the guideline it comes from, plus the notes of every
 * context rule whose factor the clinical context shows. The rules are documented in docs/knowledge-base.md.
 */
@ApplicationScoped
public class GuidanceService {

    private static final List<String> SEVERITY_ORDER = List.of("Mild", "Moderate", "Severe", "Critical");

    private final KnowledgeBase kb;
    private final ObjectMapper json;

    public GuidanceService(KnowledgeBase kb, ObjectMapper json) {
        this.kb = kb;
        this.json = json;
    }

    /** The finding the report is about: highest urgency, then highest confidence. */
    public static Optional<Finding> primary(AnalysisCompleted a) {
        return a.findings() == null ? Optional.empty()
                : a.findings().stream().max(Comparator.comparingInt(Finding::urgency)
                        .thenComparingDouble(Finding::confidence));
    }

    public ObjectNode guidance(String modality, AnalysisCompleted a, ClinicalContext context) {
        Optional<Finding> top = primary(a);
        String label = top.map(Finding::label).orElseGet(() -> kb.normalLabel(modality).orElse("normal"));
        String severity = top.map(Finding::severity).orElse(null);
        ObjectNode g = json.createObjectNode();
        g.put("knowledge_base_version", kb.version());
        g.put("modality", modality);
        g.put("label", label);
        g.put("condition", top.map(Finding::condition).orElseGet(() -> kb.display(modality, label)));
        g.put("severity", severity);
        Set<String> sources = new LinkedHashSet<>();
        ArrayNode steps = g.putArray("next_steps");
        ArrayNode recommendations = g.putArray("recommendations");
        Optional<JsonNode> entry = kb.label(modality, label);
        if (entry.isEmpty()) {
            g.put("summary", "The knowledge base (version " + kb.version() + ") has no guidance for '" + label
                    + "' on " + modality + " yet; follow local protocols.");
        } else {
            JsonNode guidance = severityEntry(entry.get().path("guidance"), severity);
            g.put("summary", guidance.path("summary").asText());
            List<JsonNode> all = new ArrayList<>();
            entry.get().path("common_steps").forEach(all::add);
            guidance.path("next_steps").forEach(all::add);
            for (JsonNode step : all) {
                String source = kb.source(step.path("source").asText());
                sources.add(source);
                steps.addObject().put("text", step.path("text").asText()).put("source", source);
                recommendations.add(step.path("text").asText());
            }
        }
        ArrayNode notes = g.putArray("context_notes");
        ArrayNode applied = g.putArray("context_rules_applied");
        for (JsonNode rule : kb.contextRules()) {
            if (applies(rule, modality, label, context)) {
                String source = kb.source(rule.path("source").asText());
                sources.add(source);
                notes.add(rule.path("note").asText());
                applied.addObject().put("rule", rule.path("id").asText())
                        .put("because", context.factors().get(rule.path("factor").asText()))
                        .put("source", source);
            }
        }
        ArrayNode sourceList = g.putArray("sources");
        sources.forEach(sourceList::add);
        if (severity != null) {
            g.put("severity_note", kb.severityNote());
        }
        g.put("disclaimer", kb.disclaimer());
        g.put("text", text(g));
        return g;
    }

    /** The entry for the severity; a missing severity falls back to the nearest milder, then any, entry. */
    private static JsonNode severityEntry(JsonNode guidance, String severity) {
        if (guidance.has("any")) {
            return guidance.path("any");
        }
        int i = severity == null ? 1 : Math.max(0, SEVERITY_ORDER.indexOf(severity));
        for (int s = i; s >= 0; s--) {
            if (guidance.has(SEVERITY_ORDER.get(s))) {
                return guidance.path(SEVERITY_ORDER.get(s));
            }
        }
        return guidance.elements().hasNext() ? guidance.elements().next() : json0();
    }

    private static JsonNode json0() {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static boolean applies(JsonNode rule, String modality, String label, ClinicalContext context) {
        if (!context.has(rule.path("factor").asText())) {
            return false;
        }
        boolean modalityMatches = false;
        for (JsonNode m : rule.path("modalities")) {
            modalityMatches |= m.asText().equals(modality);
        }
        boolean labelMatches = false;
        for (JsonNode l : rule.path("labels")) {
            labelMatches |= l.asText().equals("*") || l.asText().equals(label);
        }
        return modalityMatches && labelMatches;
    }

    /** The whole guidance as one readable text: summary, steps with sources, context notes, disclaimer. */
    private static String text(ObjectNode g) {
        StringBuilder sb = new StringBuilder(g.path("summary").asText());
        for (JsonNode step : g.path("next_steps")) {
            sb.append(' ').append(step.path("text").asText()).append(" [").append(step.path("source").asText())
                    .append(']');
        }
        for (JsonNode note : g.path("context_notes")) {
            sb.append(" Clinical context: ").append(note.asText());
        }
        return sb.append(' ').append(g.path("disclaimer").asText()).toString();
    }

    /**
     * Ordered differentials: every label the model scored (likelihood = its calibrated probability) and the
     * knowledge base's look-alikes of the primary label, whose likelihood is the primary label's probability
     * times the share the base gives each look-alike (a reviewed heuristic, marked {@code basis:
     * knowledge_base}; see docs/knowledge-base.md). Sorted by likelihood, model entries first on ties.
     */
    public ArrayNode differentials(String modality, AnalysisCompleted a) {
        record Entry(String condition, String label, double likelihood, String rationale, String basis) {
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<String, Double> s : a.scores().entrySet()) {
            String display = kb.display(modality, s.getKey());
            String why = kb.label(modality, s.getKey()).map(n -> n.path("differential_rationale").asText(null))
                    .orElse(null);
            entries.add(new Entry(display, s.getKey(), round(s.getValue()), (why == null
                    ? "A label of the model." : why) + " Likelihood is the model's calibrated probability.", "model"));
            seen.add(display.toLowerCase(java.util.Locale.ROOT));
        }
        String top = primary(a).map(Finding::label).orElseGet(() -> kb.normalLabel(modality).orElse("normal"));
        double pTop = a.scores().getOrDefault(top, 0.0);
        kb.label(modality, top).ifPresent(entry -> {
            for (JsonNode d : entry.path("differentials")) {
                String condition = d.path("condition").asText();
                if (seen.add(condition.toLowerCase(java.util.Locale.ROOT))) {
                    double share = d.path("share").asDouble();
                    entries.add(new Entry(condition, null, round(pTop * share), d.path("rationale").asText()
                            + " Not a model output: likelihood = p(" + top + ") x knowledge-base share " + share + ".",
                            "knowledge_base"));
                }
            }
        });
        entries.sort(Comparator.comparingDouble(Entry::likelihood).reversed()
                .thenComparing(e -> e.basis().equals("model") ? 0 : 1));
        ArrayNode list = json.createArrayNode();
        for (Entry e : entries) {
            ObjectNode n = list.addObject();
            n.put("condition", e.condition());
            if (e.label() != null) {
                n.put("label", e.label());
            }
            n.put("likelihood", e.likelihood());
            n.put("rationale", e.rationale());
            n.put("basis", e.basis());
        }
        return list;
    }

    private static double round(double p) {
        return Math.round(p * 1000) / 1000.0;
    }
}
