-- Webhook endpoints, the messages fanned out from domain events, their deliveries and attempts,
-- and background recoveries. Every table is tenant-scoped with row-level security; API requests and
-- the Kafka consumer run through TenantScope. The delivery worker serves every tenant and therefore
-- claims work as the service's own role.

CREATE TABLE webhook_endpoint (
    id                         TEXT PRIMARY KEY,
    tenant_id                  TEXT        NOT NULL,
    url                        TEXT        NOT NULL,
    description                TEXT        NOT NULL DEFAULT '',
    event_types                TEXT[]      NOT NULL,
    rate_limit_per_second      INT,
    metadata                   JSONB       NOT NULL DEFAULT '{}',
    status                     TEXT        NOT NULL DEFAULT 'enabled',
    disabled_reason            TEXT,
    -- secrets are Tink AES-256-GCM ciphertexts bound to (tenant, endpoint id)
    secret                     BYTEA       NOT NULL,
    previous_secret            BYTEA,
    previous_secret_expires_at TIMESTAMPTZ,
    failing_since              TIMESTAMPTZ,
    version                    BIGINT      NOT NULL DEFAULT 1,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX webhook_endpoint_tenant ON webhook_endpoint (tenant_id, id);

-- One row per tenant event (the webhook body, also what the live stream sends). The stream reads in
-- (txid, seq) order and only rows of transactions older than every running one, so a transaction that
-- commits late can never be skipped by a reader that already moved past its sequence number.
CREATE TABLE webhook_message (
    id          TEXT PRIMARY KEY,
    seq         BIGSERIAL   NOT NULL UNIQUE,
    txid        XID8        NOT NULL DEFAULT pg_current_xact_id(),
    tenant_id   TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    body        TEXT        NOT NULL,
    streamed    BOOLEAN     NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, event_id)
);

CREATE INDEX webhook_message_stream ON webhook_message (tenant_id, txid, seq) WHERE streamed;

-- One row per (message, endpoint): a redelivered event cannot create a second one.
CREATE TABLE webhook_delivery (
    id              BIGSERIAL PRIMARY KEY,
    tenant_id       TEXT        NOT NULL,
    message_id      TEXT        NOT NULL REFERENCES webhook_message (id) ON DELETE CASCADE,
    endpoint_id     TEXT        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    status          TEXT        NOT NULL DEFAULT 'pending',
    attempts        INT         NOT NULL DEFAULT 0,
    -- also the lease: a claim moves it forward, so a crashed worker's delivery becomes due again
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    dead_at         TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (message_id, endpoint_id)
);

CREATE INDEX webhook_delivery_due ON webhook_delivery (endpoint_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_dead ON webhook_delivery (endpoint_id, id) WHERE status = 'dead';

CREATE TABLE webhook_attempt (
    id               BIGSERIAL PRIMARY KEY,
    tenant_id        TEXT        NOT NULL,
    delivery_id      BIGINT      NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    endpoint_id      TEXT        NOT NULL,
    message_id       TEXT        NOT NULL,
    attempt          INT         NOT NULL,
    attempted_at     TIMESTAMPTZ NOT NULL,
    succeeded        BOOLEAN     NOT NULL,
    status_code      INT,
    latency_ms       BIGINT      NOT NULL,
    response_excerpt TEXT,
    error            TEXT
);

CREATE INDEX webhook_attempt_endpoint ON webhook_attempt (endpoint_id, id);

CREATE TABLE webhook_recovery (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    endpoint_id TEXT        NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    since       TIMESTAMPTZ NOT NULL,
    status      TEXT        NOT NULL DEFAULT 'pending',
    recovered   INT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);

CREATE INDEX webhook_recovery_pending ON webhook_recovery (created_at) WHERE status = 'pending';

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['webhook_endpoint', 'webhook_message', 'webhook_delivery', 'webhook_attempt',
                             'webhook_recovery'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I
                          USING (tenant_id = current_setting(''app.tenant_id'', true))
                          WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
    END LOOP;
END
$$;
