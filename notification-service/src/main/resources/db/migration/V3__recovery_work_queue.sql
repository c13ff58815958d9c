-- Recoveries become a platform work queue (io.strata.platform.work): a failed recovery backs off and
-- is retried, then parked ('dead'), instead of being retried on every poll.
ALTER TABLE webhook_recovery
    ADD COLUMN attempts        INT         NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN last_error      TEXT;

DROP INDEX webhook_recovery_pending;
CREATE INDEX webhook_recovery_due ON webhook_recovery (next_attempt_at) WHERE status = 'pending';
