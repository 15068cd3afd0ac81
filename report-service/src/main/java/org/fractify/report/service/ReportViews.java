package org.fractify.report.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.renderings.FhirRenderer;
import org.fractify.renderings.ReportDocument;
import org.fractify.report.mapping.Differential;
import org.fractify.report.mapping.ReportMapper;
import org.fractify.report.mapping.ReportView;
import org.fractify.report.mapping.TreatmentGuidance;
import org.fractify.report.persistence.Report;

/**
 * Renders stored reports: the mapper gives the view of the row and its analysis, and a full read adds the
 * knowledge base's guidance and differentials and the FHIR DiagnosticReport, computed here.
 */
@ApplicationScoped
public class ReportViews {

    private final ReportMapper mapper;
    private final GuidanceService guidance;
    private final ObjectMapper json;
    private final FhirRenderer fhirRenderer = new FhirRenderer();

    public ReportViews(ReportMapper mapper, GuidanceService guidance, ObjectMapper json) {
        this.mapper = mapper;
        this.guidance = guidance;
        this.json = json;
    }

    /**
     * The report as GET /api/v1/report/{id} shows it: with guidance, differentials and the FHIR rendering
     * once it is completed.
     *
     * @param publicBase the gateway's public base URL when known (e.g. https://host/), else null
     */
    public ReportView full(Report r, String publicBase) {
        AnalysisCompleted a = mapper.analysis(r);
        ReportView view = mapper.view(r, a, publicBase);
        if (a == null || Report.FAILED.equals(r.status)) {
            return view;
        }
        TreatmentGuidance g = guidance.guidance(r.modality, a, ClinicalContext.of(mapper.clinicalContext(r)));
        List<Differential> differentials = guidance.differentials(r.modality, a);
        // FHIR is rendered from the report's JSON with guidance and differentials, as the reader sees it
        return view.withReading(g, differentials, fhir(view.withReading(g, differentials, null)));
    }

    /**
     * The report as the analyse response shows it: without guidance, differentials and the FHIR rendering
     * (those are read with GET /api/v1/report/{id}), with a relative heatmap link. Rendered from the analysis
     * at hand, so it can go into the report event of the same transaction.
     */
    public ReportView analysisReply(Report r, AnalysisCompleted a) {
        return mapper.view(r, a, null);
    }

    /** The one FHIR rendering (libs/renderings), from the report's own JSON so the two cannot disagree. */
    private JsonNode fhir(ReportView report) {
        var dr = fhirRenderer.diagnosticReport(ReportDocument.from(json.valueToTree(report)));
        try {
            return json.readTree(FhirRenderer.json(dr));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
