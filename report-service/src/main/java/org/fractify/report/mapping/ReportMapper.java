package org.fractify.report.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.Finding;
import org.fractify.report.persistence.Report;
import org.fractify.renderings.FhirRenderer;
import org.fractify.renderings.ReportDocument;
import org.fractify.report.service.ClinicalContext;
import org.fractify.report.service.GuidanceService;
import org.hl7.fhir.r4.model.DiagnosticReport;

/** Renders a stored report in the public API's shape (snake_case, as in docs/openapi.yaml). */
@ApplicationScoped
public class ReportMapper {

    private final ObjectMapper json;
    private final GuidanceService guidance;
    private final FhirRenderer fhirRenderer = new FhirRenderer();

    public ReportMapper(ObjectMapper json, GuidanceService guidance) {
        this.json = json;
        this.guidance = guidance;
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

    /** The public JSON with a relative heatmap link (the gateway makes it absolute). */
    public ObjectNode toJson(Report r) {
        return toJson(r, null);
    }

    /**
     * The public JSON of a report, with the FHIR DiagnosticReport embedded (rendered by the shared renderer,
     * the same one fhir-service serves).
     *
     * @param publicBase the gateway's public base URL when known (e.g. https://host/), else null
     */
    public ObjectNode toJson(Report r, String publicBase) {
        AnalysisCompleted a = analysis(r);
        ObjectNode out = core(r, a, publicBase);
        if (a == null || Report.FAILED.equals(r.status)) {
            return out;
        }
        out.set("treatment_guidance", guidance.guidance(r.modality, a, ClinicalContext.of(clinicalContext(r))));
        out.set("differentials", guidance.differentials(r.modality, a));
        out.set("fhir_diagnostic_report", fhir(out));
        return out;
    }

    /**
     * The report as the analyse response shows it: {@link #toJson} without treatment guidance, differentials
     * and the FHIR rendering (those are read with GET /api/v1/report/{id}), with a relative heatmap link.
     * Rendered from the analysis at hand, so it can go into the report event of the same transaction.
     */
    public ObjectNode toAnalysisJson(Report r, AnalysisCompleted a) {
        return core(r, a, null);
    }

    private ObjectNode core(Report r, AnalysisCompleted a, String publicBase) {
        ObjectNode out = json.createObjectNode();
        out.put("report_id", r.reportId);
        out.put("status", r.status);
        out.put("modality", r.modality);
        out.put("patient_id", r.patientId);
        out.put("created_at", r.receivedAt.toString());
        out.put("acknowledged", r.acknowledgedAt != null);
        if (r.acknowledgedAt != null) {
            out.put("acknowledged_at", r.acknowledgedAt.toString());
            out.putObject("acknowledged_by").put("integration", r.acknowledgedByIntegration)
                    .put("key_id", r.acknowledgedByKeyId);
        }
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
        out.put("heatmap_url", a.heatmap() == null ? null : link(publicBase, "api/v1/report/" + r.reportId + "/heatmap"));
        out.putObject("model").put("name", a.model().name()).put("version", a.model().version());
        ObjectNode scores = out.putObject("scores");
        a.scores().forEach(scores::put);
        // Series mode: which slice of the series the result comes from (inference's choice, else the gateway's).
        var series = a.series() != null ? a.series() : a.job() == null ? null : a.job().series();
        if (series != null) {
            out.putObject("series")
                    .put("series_instance_uid", series.seriesInstanceUid())
                    .put("slices_received", series.slicesReceived())
                    .put("selected_instance_uid", series.selectedInstanceUid())
                    .put("selected_index", series.selectedIndex())
                    .put("rule", series.rule());
        }
        return out;
    }

    private static String link(String publicBase, String path) {
        if (publicBase == null || publicBase.isBlank()) {
            return "/" + path;
        }
        return (publicBase.endsWith("/") ? publicBase : publicBase + "/") + path;
    }

    private JsonNode clinicalContext(Report r) {
        if (r.clinicalContext == null) {
            return null;
        }
        try {
            return json.readTree(r.clinicalContext);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(r.clinicalContext); // stored before it was kept as JSON
        }
    }

    /** The one FHIR rendering (libs/renderings), from the public JSON itself so the two cannot disagree. */
    private JsonNode fhir(ObjectNode report) {
        DiagnosticReport dr = fhirRenderer.diagnosticReport(ReportDocument.from(report));
        try {
            return json.readTree(FhirRenderer.json(dr));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
}
