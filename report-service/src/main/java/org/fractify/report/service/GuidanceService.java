package org.fractify.report.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.Finding;
import org.fractify.report.mapping.Differential;
import org.fractify.report.mapping.TreatmentGuidance;

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

    public GuidanceService(KnowledgeBase kb) {
        this.kb = kb;
    }

    /** The finding the report is about: highest urgency, then highest confidence. */
    public static Optional<Finding> primary(AnalysisCompleted a) {
        return a.findings() == null ? Optional.empty()
                : a.findings().stream().max(Comparator.comparingInt(Finding::urgency)
                        .thenComparingDouble(Finding::confidence));
    }

    public TreatmentGuidance guidance(String modality, AnalysisCompleted a, ClinicalContext context) {
        Optional<Finding> top = primary(a);
        String label = top.map(Finding::label).orElseGet(() -> kb.normalLabel(modality).orElse("normal"));
        String severity = top.map(Finding::severity).orElse(null);
        Set<String> sources = new LinkedHashSet<>();
        List<TreatmentGuidance.Step> steps = new ArrayList<>();
        String summary;
        Optional<JsonNode> entry = kb.label(modality, label);
        if (entry.isEmpty()) {
            summary = "The knowledge base (version " + kb.version() + ") has no guidance for '" + label + "' on "
                    + modality + " yet; follow local protocols.";
        } else {
            JsonNode guidance = severityEntry(entry.get().path("guidance"), severity);
            summary = guidance.path("summary").asText();
            List<JsonNode> all = new ArrayList<>();
            entry.get().path("common_steps").forEach(all::add);
            guidance.path("next_steps").forEach(all::add);
            for (JsonNode step : all) {
                String source = kb.source(step.path("source").asText());
                sources.add(source);
                steps.add(new TreatmentGuidance.Step(step.path("text").asText(), source));
            }
        }
        List<String> notes = new ArrayList<>();
        List<TreatmentGuidance.AppliedRule> applied = new ArrayList<>();
        for (JsonNode rule : kb.contextRules()) {
            if (applies(rule, modality, label, context)) {
                String source = kb.source(rule.path("source").asText());
                sources.add(source);
                notes.add(rule.path("note").asText());
                applied.add(new TreatmentGuidance.AppliedRule(rule.path("id").asText(),
                        context.factors().get(rule.path("factor").asText()), source));
            }
        }
        return new TreatmentGuidance(kb.version(), modality, label,
                top.map(Finding::condition).orElseGet(() -> kb.display(modality, label)), severity, steps,
                steps.stream().map(TreatmentGuidance.Step::text).toList(), summary, notes, applied,
                List.copyOf(sources), severity == null ? null : kb.severityNote(), kb.disclaimer(),
                text(summary, steps, notes, kb.disclaimer()));
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
    private static String text(String summary, List<TreatmentGuidance.Step> steps, List<String> notes,
            String disclaimer) {
        StringBuilder sb = new StringBuilder(summary);
        for (TreatmentGuidance.Step step : steps) {
            sb.append(' ').append(step.text()).append(" [").append(step.source()).append(']');
        }
        for (String note : notes) {
            sb.append(" Clinical context: ").append(note);
        }
        return sb.append(' ').append(disclaimer).toString();
    }

    /**
     * Ordered differentials: every label the model scored (likelihood = its calibrated probability) and the
     * knowledge base's look-alikes of the primary label, whose likelihood is the primary label's probability
     * times the share the base gives each look-alike (a reviewed heuristic, marked {@code basis:
     * knowledge_base}; see docs/knowledge-base.md). Sorted by likelihood, model entries first on ties.
     */
    public List<Differential> differentials(String modality, AnalysisCompleted a) {
        List<Differential> entries = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<String, Double> s : a.scores().entrySet()) {
            String display = kb.display(modality, s.getKey());
            String why = kb.label(modality, s.getKey()).map(n -> n.path("differential_rationale").asText(null))
                    .orElse(null);
            entries.add(new Differential(display, s.getKey(), round(s.getValue()), (why == null
                    ? "A label of the model." : why) + " Likelihood is the model's calibrated probability.",
                    Differential.MODEL));
            seen.add(display.toLowerCase(Locale.ROOT));
        }
        String top = primary(a).map(Finding::label).orElseGet(() -> kb.normalLabel(modality).orElse("normal"));
        double pTop = a.scores().getOrDefault(top, 0.0);
        kb.label(modality, top).ifPresent(entry -> {
            for (JsonNode d : entry.path("differentials")) {
                String condition = d.path("condition").asText();
                if (seen.add(condition.toLowerCase(Locale.ROOT))) {
                    double share = d.path("share").asDouble();
                    entries.add(new Differential(condition, null, round(pTop * share), d.path("rationale").asText()
                            + " Not a model output: likelihood = p(" + top + ") x knowledge-base share " + share + ".",
                            Differential.KNOWLEDGE_BASE));
                }
            }
        });
        entries.sort(Comparator.comparingDouble(Differential::likelihood).reversed()
                .thenComparing(e -> e.basis().equals(Differential.MODEL) ? 0 : 1));
        return List.copyOf(entries);
    }

    private static double round(double p) {
        return Math.round(p * 1000) / 1000.0;
    }
}
