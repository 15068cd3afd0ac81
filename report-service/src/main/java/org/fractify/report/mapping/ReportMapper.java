package org.fractify.report.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fractify.contracts.AnalysisCompleted;
import org.fractify.contracts.EventJson;
import org.fractify.contracts.SeriesSelection;
import org.fractify.problem.ProblemType;
import org.fractify.report.persistence.Report;

/**
 * Reads what a stored report holds (its analysis, its clinical context) and renders it as a {@link ReportView}.
 * Guidance, differentials and the FHIR rendering are computed by the service layer and added to the view.
 */
@ApplicationScoped
public class ReportMapper {

    private final ObjectMapper json;

    public ReportMapper(ObjectMapper json) {
        this.json = json;
    }

    /** The stored analysis; null while the report is processing. */
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

    /** The clinical context as sent (text or structured); null when none was. */
    public JsonNode clinicalContext(Report r) {
        if (r.clinicalContext == null) {
            return null;
        }
        try {
            return json.readTree(r.clinicalContext);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(r.clinicalContext); // stored before it was kept as JSON
        }
    }

    /**
     * The report with its analysis {@code a} (null while processing), without what only a full read adds.
     *
     * @param publicBase the gateway's public base URL when known (e.g. https://host/), else null for a
     *                   relative heatmap link (the gateway makes it absolute)
     */
    public ReportView view(Report r, AnalysisCompleted a, String publicBase) {
        boolean acknowledged = r.acknowledgedAt != null;
        return new ReportView(r.reportId, r.status, r.modality, r.patientId, r.receivedAt, acknowledged,
                r.acknowledgedAt, acknowledged ? new AcknowledgedBy(r.acknowledgedByIntegration,
                        r.acknowledgedByKeyId) : null,
                a == null ? null : outcome(r, a, publicBase), null, null, null);
    }

    public Acknowledgement acknowledgement(Report r) {
        return new Acknowledgement(r.reportId, r.status, true, r.acknowledgedAt,
                new AcknowledgedBy(r.acknowledgedByIntegration, r.acknowledgedByKeyId));
    }

    private static ReportView.Outcome outcome(Report r, AnalysisCompleted a, String publicBase) {
        Map<String, Long> stages = stages(r, a);
        if (Report.FAILED.equals(r.status)) {
            // The registry's problem type: its URI and status, whatever the event said.
            ProblemType problem = a.failure().problem();
            return new ReportView.Outcome(r.completedAt, r.processingMs, stages, new ReportView.Problem(
                    problem.uri().toString(), problem.status(), a.failure().detail()), null);
        }
        // Series mode: which slice of the series the result comes from (inference's choice, else the gateway's).
        SeriesSelection s = a.series() != null ? a.series() : a.job() == null ? null : a.job().series();
        return new ReportView.Outcome(r.completedAt, r.processingMs, stages, null, new ReportView.Result(
                a.findings().stream().map(ReportMapper::finding).toList(), a.urgency(),
                a.heatmap() == null ? null : link(publicBase, "api/v1/report/" + r.reportId + "/heatmap"),
                new ReportView.Model(a.model().name(), a.model().version()), a.scores(),
                s == null ? null : new ReportView.Series(s.seriesInstanceUid(), s.slicesReceived(),
                        s.selectedInstanceUid(), s.selectedIndex(), s.rule())));
    }

    private static String link(String publicBase, String path) {
        if (publicBase == null || publicBase.isBlank()) {
            return "/" + path;
        }
        return (publicBase.endsWith("/") ? publicBase : publicBase + "/") + path;
    }

    /** The gateway's stages, then inference's, then the time from the analysis to its storage. */
    private static Map<String, Long> stages(Report r, AnalysisCompleted a) {
        Map<String, Long> stages = new LinkedHashMap<>();
        if (a.job() != null && a.job().gatewayStagesMs() != null) {
            stages.putAll(a.job().gatewayStagesMs());
        }
        if (a.stagesMs() != null) {
            stages.putAll(a.stagesMs());
        }
        if (r.completedAt != null && a.occurredAt() != null) {
            stages.put("persist", Math.max(0, r.completedAt.toEpochMilli() - a.occurredAt().toEpochMilli()));
        }
        return stages;
    }

    private static ReportView.Finding finding(org.fractify.contracts.Finding f) {
        var c = f.code();
        var l = f.location();
        return new ReportView.Finding(f.condition(), f.label(),
                c == null ? null : new ReportView.Code(c.system(), c.code(), c.display()), f.confidence(),
                f.severity(), f.urgency(), l == null ? ReportView.Location.UNKNOWN
                        : new ReportView.Place(l.description(), l.bbox() == null ? List.of() : l.bbox()));
    }
}
