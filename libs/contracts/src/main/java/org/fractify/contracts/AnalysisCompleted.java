package org.fractify.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fractify.problem.ProblemType;

/**
 * The outcome of running a model on a {@link ScanJob}: either {@code completed} with scores and
 * findings, or {@code failed} with a problem.
 *
 * @param schemaVersion version of this record's schema
 * @param eventId       unique id of this event
 * @param occurredAt    when inference finished
 * @param reportId      the report (Kafka key)
 * @param tenantId      owner of the report
 * @param job           the job it answers, without pixels: the report needs its metadata whatever the
 *                      order in which report-service reads the two topics
 * @param status        {@code completed} or {@code failed}
 * @param model         the model that produced the scores; null when failed before a model ran
 * @param scores        calibrated probability per label, every label of the model
 * @param findings      abnormal labels above their operating threshold, most confident first
 * @param urgency       1 (routine) to 5 (critical)
 * @param heatmap       class activation map of the top label, normalised 0-1; null when failed
 * @param stagesMs      time per inference stage (queue, infer, explain), milliseconds
 * @param failure       why it failed; null when completed
 * @param series        series mode only: the job's selection, updated to the slice whose result was
 *                      the most significant; null otherwise (added in 0.2.0)
 */
public record AnalysisCompleted(
        int schemaVersion,
        String eventId,
        Instant occurredAt,
        String reportId,
        String tenantId,
        ScanJob job,
        String status,
        ModelRef model,
        Map<String, Double> scores,
        List<Finding> findings,
        int urgency,
        Heatmap heatmap,
        Map<String, Long> stagesMs,
        Failure failure,
        SeriesSelection series) {

    public static final int SCHEMA_VERSION = 1;

    /** A result without series information (the shape of 0.1.0 events). */
    public AnalysisCompleted(int schemaVersion, String eventId, Instant occurredAt, String reportId, String tenantId,
            ScanJob job, String status, ModelRef model, Map<String, Double> scores, List<Finding> findings, int urgency,
            Heatmap heatmap, Map<String, Long> stagesMs, Failure failure) {
        this(schemaVersion, eventId, occurredAt, reportId, tenantId, job, status, model, scores, findings, urgency,
                heatmap, stagesMs, failure, null);
    }
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    /** The model and version behind a result. */
    public record ModelRef(String name, String version) {
    }

    /**
     * A coarse class activation map.
     *
     * @param label  the label it explains
     * @param width  grid columns
     * @param height grid rows
     * @param values row-major, 0-1
     */
    public record Heatmap(String label, int width, int height, List<Double> values) {
    }

    /**
     * Why an analysis failed: a problem type of the registry and a detail. On the wire it is
     * {@code {"type": slug, "status": n, "detail": ...}}; the status is written for readers of the topic, but
     * read back from the registry, never trusted from the event, and a slug the registry does not know reads
     * as {@link ProblemType#ANALYSIS_FAILED}, so a failure always means exactly one registered problem.
     *
     * @param problem the registered problem type
     * @param detail  human-readable, no patient data
     */
    public record Failure(ProblemType problem, String detail) {

        public Failure {
            Objects.requireNonNull(problem, "problem");
        }

        @JsonCreator
        static Failure fromJson(@JsonProperty("type") String type, @JsonProperty("detail") String detail) {
            return new Failure(ProblemType.fromSlug(type).orElse(ProblemType.ANALYSIS_FAILED), detail);
        }

        /** The problem's slug, as written on the wire. */
        @JsonProperty("type")
        public String type() {
            return problem.slug();
        }

        /** The status the registry gives the problem. */
        @JsonProperty("status")
        public int status() {
            return problem.status();
        }

        @JsonIgnore
        @Override
        public ProblemType problem() {
            return problem;
        }
    }
}
