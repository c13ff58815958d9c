-- Groups of a tenant's users, and SCIM 2.0 provisioning (RFC 7643/7644): the attributes an identity
-- provider sends that users do not otherwise have, and the per-tenant tokens it authenticates with.

CREATE TABLE user_groups (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    description TEXT,
    -- the identity provider's id of the group (SCIM externalId)
    external_id TEXT,
    version     INT         NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, name)
);

-- Foreign-key checks bypass row-level security: the application checks, under the tenant's
-- policy, that the user is the tenant's before it inserts a membership.
CREATE TABLE user_group_members (
    group_id  TEXT        NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id   TEXT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    added_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, user_id)
);

CREATE INDEX user_group_members_user ON user_group_members (user_id);

-- SCIM attributes of a user beyond what identity uses (userName is the email, active is not disabled)
CREATE TABLE scim_users (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    external_id  TEXT,
    display_name TEXT,
    given_name   TEXT,
    family_name  TEXT,
    formatted    TEXT
);

-- bearer tokens of identity providers: scim_ + 256 random bits, stored as SHA-256 like API keys
CREATE TABLE scim_tokens (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name       TEXT        NOT NULL,
    token_hash TEXT        NOT NULL UNIQUE,
    created_by TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['user_groups', 'user_group_members', 'scim_users', 'scim_tokens']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I'
                       || ' USING (tenant_id = current_setting(''app.tenant_id'', true))'
                       || ' WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
    END LOOP;
END
$$;
