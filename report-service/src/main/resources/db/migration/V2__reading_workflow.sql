-- Issue 5: acknowledgement by a reader, the triage worklist, and the append-only audit trail of reads.

ALTER TABLE report ADD COLUMN acknowledged_at             TIMESTAMPTZ;
ALTER TABLE report ADD COLUMN acknowledged_by_integration VARCHAR(128);
ALTER TABLE report ADD COLUMN acknowledged_by_key_id      VARCHAR(40);
ALTER TABLE report ADD COLUMN primary_condition           VARCHAR(160);

-- Worklist order is urgency 5 first, then oldest first. One ascending key (0 = urgency 5 ... 5 = no urgency
-- yet: processing or failed) lets keyset pagination be a single row comparison served by one index.
ALTER TABLE report ADD COLUMN triage_rank SMALLINT GENERATED ALWAYS AS (5 - COALESCE(urgency, 0)) STORED;
CREATE INDEX report_worklist ON report (tenant_id, triage_rank, received_at, report_id);
DROP INDEX report_tenant_urgency;

-- FHIR search: a tenant's reports of one patient in a date range.
CREATE INDEX report_tenant_patient_received ON report (tenant_id, patient_id, received_at);
DROP INDEX report_tenant_patient;

-- The top finding of reports completed before this column existed (findings are stored most confident first).
UPDATE report SET primary_condition = LEFT((analysis_json::jsonb -> 'findings' -> 0 ->> 'condition'), 160)
 WHERE status = 'completed' AND analysis_json IS NOT NULL;

-- Every read of a report: who (tenant, integration, API key id), when, what (report, representation).
CREATE TABLE report_read (
    id              BIGSERIAL    PRIMARY KEY,
    tenant_id       VARCHAR(64)  NOT NULL,
    report_id       VARCHAR(40)  NOT NULL,
    integration     VARCHAR(128),
    key_id          VARCHAR(40),
    representation  VARCHAR(32)  NOT NULL,
    read_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX report_read_report ON report_read (tenant_id, report_id, read_at);

-- Append-only, enforced by the database for every role, the service's own included.
CREATE FUNCTION report_read_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reports.report_read is an append-only audit trail: % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER report_read_no_update_or_delete BEFORE UPDATE OR DELETE ON report_read
    FOR EACH ROW EXECUTE FUNCTION report_read_is_append_only();
CREATE TRIGGER report_read_no_truncate BEFORE TRUNCATE ON report_read
    FOR EACH STATEMENT EXECUTE FUNCTION report_read_is_append_only();
