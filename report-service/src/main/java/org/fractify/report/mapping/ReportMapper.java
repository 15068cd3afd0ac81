package org.fractify.report.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Finding;
import org.fractify.report.persistence.Report;
import org.fractify.report.service.KnowledgeBase;

/** Renders a stored report in the public API's shape (snake_case, as in docs/openapi.yaml). */
@ApplicationScoped
public class ReportMapper {

    private final ObjectMapper json;
    private final KnowledgeBase knowledge;

    public ReportMapper(ObjectMapper json, KnowledgeBase knowledge) {
        this.json = json;
        this.knowledge = knowledge;
    }

    public AnalysisCompleted analysis(Report r) {
        if (r.analysisJson == null) {
            return null;
        }
        try {
            return EventJson.mapper().readValue(r.analysisJson, AnalysisCompleted.class);
        } catch (IOException e) {
            throw new UncheckedIOException("report " + r.reportId + " holds unreadable analysis JSON", e);
        }
    }

    public ObjectNode toJson(Report r) {
        ObjectNode out = json.createObjectNode();
        out.put("report_id", r.reportId);
        out.put("status", r.status);
        out.put("modality", r.modality);
        out.put("patient_id", r.patientId);
        out.put("created_at", r.receivedAt.toString());
        AnalysisCompleted a = analysis(r);
        if (a == null) {
            return out;
        }
        out.put("completed_at", r.completedAt == null ? null : r.completedAt.toString());
        out.put("processing_ms", r.processingMs);
        out.set("processing_stages_ms", stages(r, a));
        if (Report.FAILED.equals(r.status)) {
            ObjectNode problem = out.putObject("problem");
            problem.put("type", "https://fractify.org/problems/" + a.failure().type());
            problem.put("status", a.failure().status());
            problem.put("detail", a.failure().detail());
            return out;
        }
        ArrayNode findings = out.putArray("findings");
        a.findings().forEach(f -> findings.add(finding(f)));
        out.put("urgency", a.urgency());
        out.put("heatmap_url", a.heatmap() == null ? null : "/api/v1/report/" + r.reportId + "/heatmap");
        out.putObject("model").put("name", a.model().name()).put("version", a.model().version());
        ObjectNode scores = out.putObject("scores");
        a.scores().forEach(scores::put);
        out.set("treatment_guidance", guidance(a));
        out.set("differentials", differentials(a));
        out.set("fhir_diagnostic_report", fhir(r, a));
        return out;
    }

    private ObjectNode stages(Report r, AnalysisCompleted a) {
        ObjectNode stages = json.createObjectNode();
        if (a.job() != null && a.job().gatewayStagesMs() != null) {
            a.job().gatewayStagesMs().forEach(stages::put);
        }
        if (a.stagesMs() != null) {
            a.stagesMs().forEach(stages::put);
        }
        if (r.completedAt != null && a.occurredAt() != null) {
            stages.put("persist", Math.max(0, r.completedAt.toEpochMilli() - a.occurredAt().toEpochMilli()));
        }
        return stages;
    }

    private ObjectNode finding(Finding f) {
        ObjectNode n = json.createObjectNode();
        n.put("condition", f.condition());
        n.put("label", f.label());
        if (f.code() != null) {
            n.putObject("code").put("system", f.code().system()).put("code", f.code().code())
                    .put("display", f.code().display());
        }
        n.put("confidence", f.confidence());
        n.put("severity", f.severity());
        n.put("urgency", f.urgency());
        ObjectNode location = n.putObject("location");
        if (f.location() != null) {
            location.put("description", f.location().description());
            ArrayNode bbox = location.putArray("bbox");
            if (f.location().bbox() != null) {
                f.location().bbox().forEach(bbox::add);
            }
        }
        return n;
    }

    /** Guidance for the top finding (or for a normal study), with its sources and the disclaimer. */
    private ObjectNode guidance(AnalysisCompleted a) {
        String label = a.findings().isEmpty() ? normalLabel(a) : a.findings().get(0).label();
        JsonNode entry = knowledge.label(label).path("guidance");
        ObjectNode g = json.createObjectNode();
        g.put("knowledge_base_version", knowledge.version());
        g.put("condition", knowledge.display(label));
        if (entry.isMissingNode()) {
            g.put("summary", "The knowledge base has no guidance for '" + label + "' yet.");
            g.putArray("recommendations");
            g.putArray("sources");
        } else {
            g.put("summary", entry.path("summary").asText());
            g.set("recommendations", entry.path("recommendations").deepCopy());
            g.set("sources", entry.path("sources").deepCopy());
        }
        g.put("disclaimer", knowledge.disclaimer());
        return g;
    }

    private static String normalLabel(AnalysisCompleted a) {
        return a.scores().keySet().stream().filter(l -> l.startsWith("normal") || l.startsWith("no_"))
                .findFirst().orElse("normal");
    }

    /** Every label the model knows, most probable first, with the knowledge base's rationale. */
    private ArrayNode differentials(AnalysisCompleted a) {
        ArrayNode list = json.createArrayNode();
        List<Map.Entry<String, Double>> ranked = a.scores().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).toList();
        for (Map.Entry<String, Double> e : ranked) {
            ObjectNode d = list.addObject();
            d.put("condition", knowledge.display(e.getKey()));
            d.put("label", e.getKey());
            d.put("likelihood", Math.round(e.getValue() * 1000) / 1000.0);
            JsonNode why = knowledge.label(e.getKey()).path("differential_rationale");
            d.put("rationale", why.isMissingNode() ? "Model probability for this label." : why.asText());
        }
        return list;
    }

    /**
     * A minimal FHIR R4 DiagnosticReport (status preliminary: an AI result awaiting a reader). The full
     * rendering, with Observations, Device and Provenance, belongs to fhir-service.
     */
    private ObjectNode fhir(Report r, AnalysisCompleted a) {
        ObjectNode dr = json.createObjectNode();
        dr.put("resourceType", "DiagnosticReport");
        dr.put("id", r.reportId);
        dr.put("status", "preliminary");
        dr.putArray("category").addObject().putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/v2-0074").put("code", "RAD")
                .put("display", "Radiology");
        dr.putObject("code").putArray("coding").addObject()
                .put("system", "http://loinc.org").put("code", "18748-4").put("display", "Diagnostic imaging study");
        dr.putObject("subject").putObject("identifier").put("value", r.patientId);
        dr.put("effectiveDateTime", r.receivedAt.toString());
        dr.put("issued", r.completedAt.toString());
        String conclusion = a.findings().isEmpty() ? "No finding above threshold (" + a.model().name() + " "
                + a.model().version() + ")."
                : a.findings().stream().map(f -> f.condition() + " (" + f.confidence() + "%)")
                        .reduce((x, y) -> x + "; " + y).orElse("") + ". Urgency " + a.urgency() + "/5.";
        dr.put("conclusion", "AI result, preliminary: " + conclusion);
        if (!a.findings().isEmpty()) {
            ArrayNode codes = dr.putArray("conclusionCode");
            a.findings().stream().filter(f -> f.code() != null).forEach(f -> codes.addObject().putArray("coding")
                    .addObject().put("system", f.code().system()).put("code", f.code().code())
                    .put("display", f.code().display()));
        }
        return dr;
    }
}
