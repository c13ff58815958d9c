-- Resource types (every version kept), resources, workflow runs, step attempts and signals.
-- Every table carries tenant_id and row-level security: request work runs through TenantScope.
-- The workflow workers claim due runs of all tenants as the service's own login role (the
-- table owner, which RLS does not restrict) and switch to the run's tenant for its steps.

CREATE TABLE resource_type (
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    version     INT         NOT NULL,
    schema      JSONB       NOT NULL,
    lifecycle   JSONB       NOT NULL,
    description TEXT,
    retired     BOOLEAN     NOT NULL DEFAULT false,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name, version)
);

CREATE TABLE resource (
    id            TEXT        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    type          TEXT        NOT NULL,
    type_version  INT         NOT NULL,
    state         TEXT        NOT NULL,
    attributes    JSONB       NOT NULL,
    version       BIGINT      NOT NULL,
    -- the run of the action in progress; a second action waits its turn (409)
    active_run_id TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX resource_tenant_type ON resource (tenant_id, type);

CREATE TABLE workflow_run (
    id              TEXT        PRIMARY KEY,
    tenant_id       TEXT        NOT NULL,
    resource_id     TEXT        NOT NULL,
    action          TEXT        NOT NULL,
    from_state      TEXT        NOT NULL,
    to_state        TEXT        NOT NULL,
    definition      JSONB       NOT NULL,
    input           JSONB       NOT NULL,
    status          TEXT        NOT NULL,
    -- forward: index of the next step; compensating: index into compensations (counting down)
    position        INT         NOT NULL DEFAULT 0,
    attempt         INT         NOT NULL DEFAULT 0,
    outputs         JSONB       NOT NULL DEFAULT '{}',
    compensations   JSONB       NOT NULL DEFAULT '[]',
    -- per-step scratch state that must survive a crash (a delay's wake-up time, a wait's deadline)
    step_state      JSONB,
    due_at          TIMESTAMPTZ NOT NULL,
    lease_owner     TEXT,
    lease_until     TIMESTAMPTZ,
    cancel_requested BOOLEAN    NOT NULL DEFAULT false,
    error           TEXT,
    result          JSONB,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ
);

CREATE INDEX workflow_run_due ON workflow_run (due_at)
    WHERE status IN ('pending', 'running', 'waiting', 'compensating');
CREATE INDEX workflow_run_resource ON workflow_run (tenant_id, resource_id, created_at DESC);

CREATE TABLE step_attempt (
    id              BIGSERIAL   PRIMARY KEY,
    run_id          TEXT        NOT NULL REFERENCES workflow_run (id),
    tenant_id       TEXT        NOT NULL,
    step_name       TEXT        NOT NULL,
    compensation    BOOLEAN     NOT NULL,
    attempt         INT         NOT NULL,
    idempotency_key TEXT        NOT NULL,
    worker          TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    input           JSONB,
    output          JSONB,
    error_code      TEXT,
    error           TEXT,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ
);

CREATE INDEX step_attempt_run ON step_attempt (run_id, id);

CREATE TABLE run_signal (
    run_id      TEXT        NOT NULL REFERENCES workflow_run (id),
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    payload     JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, name)
);

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['resource_type', 'resource', 'workflow_run', 'step_attempt', 'run_signal'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I
                            USING (tenant_id = current_setting(''app.tenant_id'', true))
                            WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
    END LOOP;
END
$$;
