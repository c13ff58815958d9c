-- Tenants as a product feature: platform admins create, change, suspend and delete them.
-- status: active (served), suspended (no new tokens, existing ones refused), deleted (as suspended, and
-- identity's rows of the tenant erased; the row stays so the tenant's tokens keep being refused and its
-- audit chain keeps an owner). limits: per-tenant settings such as {"rate_limit_per_second": 50}.
ALTER TABLE tenants ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'suspended', 'deleted'));
ALTER TABLE tenants ADD COLUMN plan TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE tenants ADD COLUMN limits JSONB NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN version INT NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();

-- tenants created before were last changed when they were created
UPDATE tenants SET updated_at = created_at;
