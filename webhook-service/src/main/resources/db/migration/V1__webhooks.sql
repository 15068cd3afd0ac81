-- Webhook subscriptions, their deliveries and every attempt, tenant-scoped. Signing secrets are stored
-- only as AES-GCM ciphertext (key from FRACTIFY_WEBHOOK_SECRET_KEY, never in the database).
CREATE TABLE subscription (
    id                          VARCHAR(40)   PRIMARY KEY,
    tenant_id                   VARCHAR(64)   NOT NULL,
    url                         VARCHAR(2048) NOT NULL,
    events                      VARCHAR(200)  NOT NULL,  -- comma-separated: analysis.complete, analysis.critical
    enabled                     BOOLEAN       NOT NULL,
    description                 VARCHAR(500),
    thin_payload                BOOLEAN       NOT NULL DEFAULT FALSE,
    secret_enc                  TEXT          NOT NULL,
    previous_secret_enc         TEXT,
    previous_secret_expires_at  TIMESTAMPTZ,
    secret_rotated_at           TIMESTAMPTZ,
    consecutive_failures        INTEGER       NOT NULL DEFAULT 0,
    paused_until                TIMESTAMPTZ,
    created_at                  TIMESTAMPTZ   NOT NULL,
    updated_at                  TIMESTAMPTZ   NOT NULL,
    version                     INTEGER       NOT NULL DEFAULT 0
);
CREATE INDEX subscription_tenant ON subscription (tenant_id, created_at);

-- Report events already fanned out: the consumer is idempotent under at-least-once delivery.
CREATE TABLE processed_event (
    event_id      VARCHAR(64) PRIMARY KEY,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One message to one subscription. lane 'critical' is served by its own workers, so analysis.critical
-- never queues behind analysis.complete. A row is in flight while lease_until is in the future.
CREATE TABLE delivery (
    id                VARCHAR(40)   PRIMARY KEY,
    seq               BIGSERIAL     NOT NULL UNIQUE,
    subscription_id   VARCHAR(40)   NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
    tenant_id         VARCHAR(64)   NOT NULL,
    event_type        VARCHAR(40)   NOT NULL,
    message_id        VARCHAR(64)   NOT NULL,  -- webhook-id: the same on every attempt and replay
    report_id         VARCHAR(40),
    lane              VARCHAR(16)   NOT NULL,
    payload           TEXT          NOT NULL,  -- the exact body that is signed and sent
    status            VARCHAR(16)   NOT NULL,  -- pending | delivered | dead_letter
    attempts          INTEGER       NOT NULL DEFAULT 0,
    retries           INTEGER       NOT NULL DEFAULT 0,  -- failed attempts since it was (re)queued: drives the backoff
    replays           INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ   NOT NULL,
    deadline_at       TIMESTAMPTZ   NOT NULL,  -- the retry horizon; dead-letter after it
    lease_until       TIMESTAMPTZ,
    last_attempt_at   TIMESTAMPTZ,
    response_code     INTEGER,
    latency_ms        INTEGER,
    last_error        VARCHAR(300),
    event_at          TIMESTAMPTZ   NOT NULL,  -- when the analysis completed (the report event)
    created_at        TIMESTAMPTZ   NOT NULL,
    delivered_at      TIMESTAMPTZ,
    UNIQUE (subscription_id, message_id)
);
CREATE INDEX delivery_due ON delivery (lane, next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_pending_by_subscription ON delivery (subscription_id, lane, next_attempt_at) WHERE status = 'pending';
CREATE INDEX delivery_log ON delivery (subscription_id, seq DESC);

-- Every attempt, for the delivery log.
CREATE TABLE delivery_attempt (
    delivery_id    VARCHAR(40)  NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt        INTEGER      NOT NULL,
    started_at     TIMESTAMPTZ  NOT NULL,
    response_code  INTEGER,
    latency_ms     INTEGER,
    outcome        VARCHAR(16)  NOT NULL,  -- delivered | retry | dead_letter
    error          VARCHAR(300),
    PRIMARY KEY (delivery_id, attempt)
);
