-- Reports, tenant-scoped. No pixel data is ever stored here: jobs arrive with their pixels, which are
-- dropped before anything is written.
CREATE TABLE report (
    report_id         VARCHAR(40)  PRIMARY KEY,
    tenant_id         VARCHAR(64)  NOT NULL,
    integration       VARCHAR(128),
    patient_id        VARCHAR(128) NOT NULL,
    modality          VARCHAR(32)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    urgency           SMALLINT,
    received_at       TIMESTAMPTZ  NOT NULL,
    completed_at      TIMESTAMPTZ,
    processing_ms     BIGINT,
    analysis_json     TEXT,
    clinical_context  TEXT,
    version           INTEGER      NOT NULL DEFAULT 0
);
CREATE INDEX report_tenant_urgency ON report (tenant_id, urgency DESC, received_at);
CREATE INDEX report_tenant_patient ON report (tenant_id, patient_id);

-- Event ids already applied: consumers are idempotent under at-least-once delivery.
CREATE TABLE processed_event (
    event_id      VARCHAR(64) PRIMARY KEY,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Transactional outbox: a report's state change and its event commit together; the relay publishes
-- and deletes rows.
CREATE TABLE outbox_event (
    id           BIGSERIAL    PRIMARY KEY,
    topic        VARCHAR(128) NOT NULL,
    message_key  VARCHAR(64)  NOT NULL,
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
);
