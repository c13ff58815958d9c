-- Platform tables: the transactional outbox and the idempotent-consumer ledger.
-- Shipped by strata-platform; services add classpath:db/platform to spring.flyway.locations
-- and number their own migrations from V1.

CREATE TABLE strata_outbox (
    position     BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    event_key    TEXT        NOT NULL,
    shard        INT         NOT NULL,
    event_type   TEXT        NOT NULL,
    source       TEXT        NOT NULL,
    tenant_id    TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL,
    payload      BYTEA       NOT NULL,
    traceparent  TEXT,
    tracestate   TEXT
);

CREATE INDEX strata_outbox_shard_position ON strata_outbox (shard, position);

-- One row per shard; a relay replica publishes a shard only while it holds that row's lock,
-- so events of one aggregate (always the same shard) leave in commit order even with many replicas.
CREATE TABLE strata_outbox_shard (
    shard INT PRIMARY KEY
);

INSERT INTO strata_outbox_shard (shard) SELECT generate_series(0, 15);

CREATE TABLE strata_processed_event (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
