-- API keys: only an HMAC of the key is stored (peppered per installation), never the key itself.
CREATE TABLE api_key (
    id           VARCHAR(40)  PRIMARY KEY,
    tenant_id    VARCHAR(64)  NOT NULL,
    integration  VARCHAR(128) NOT NULL,
    key_hash     CHAR(64)     NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_key_tenant ON api_key (tenant_id);
