-- fhir-service owns schema "fhir": per-tenant push destinations and the deliveries still owed to them.

CREATE TABLE push_endpoint (
    tenant_id              VARCHAR(64)   PRIMARY KEY,
    fhir_base_url          VARCHAR(2048),
    mllp_host              VARCHAR(255),
    mllp_port              INTEGER,
    receiving_application  VARCHAR(64),
    receiving_facility     VARCHAR(64),
    updated_at             TIMESTAMPTZ   NOT NULL DEFAULT now()
);

-- One row per report and channel: written when the report event is consumed (before its offset is
-- committed), so nothing is lost; delivered or retried with backoff until max attempts, then 'failed'.
CREATE TABLE push_delivery (
    id               BIGSERIAL     PRIMARY KEY,
    tenant_id        VARCHAR(64)   NOT NULL,
    report_id        VARCHAR(40)   NOT NULL,
    channel          VARCHAR(8)    NOT NULL CHECK (channel IN ('fhir', 'mllp')),
    status           VARCHAR(16)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    last_error       VARCHAR(500),
    created_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    delivered_at     TIMESTAMPTZ,
    UNIQUE (report_id, channel)
);
CREATE INDEX push_delivery_due ON push_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX push_delivery_tenant ON push_delivery (tenant_id, created_at);
