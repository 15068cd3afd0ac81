package org.fractify.contracts;

/**
 * Kafka topic names. Every record is keyed by its report id, so all events of one report land on one
 * partition in order. See docs/architecture.md for producers, consumers and schemas.
 */
public final class Topics {

    /** {@link ScanJob}: gateway to inference-service (and report-service, which records the job as pending). */
    public static final String SCAN_JOBS = "fractify.scan.jobs.v1";

    /** {@link AnalysisCompleted}: inference-service to report-service. */
    public static final String SCAN_ANALYSES = "fractify.scan.analyses.v1";

    /** {@link ReportEvent}: report-service (through its outbox) to gateway, fhir-service and webhook-service. */
    public static final String REPORT_EVENTS = "fractify.report.events.v1";

    private Topics() {
    }
}
