-- Platform-wide: which service erased its data of a deleted tenant, and how much
-- (identity's own report included). Read by platform admins through the tenant's erasure report.
CREATE TABLE tenant_erasures (
    tenant_id TEXT        NOT NULL,
    service   TEXT        NOT NULL,
    erased    JSONB       NOT NULL,
    erased_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, service)
);

REVOKE ALL ON tenant_erasures FROM strata_app;
