-- Invitations and password-reset tokens. Both tokens are 256 random bits shown once and stored only
-- as SHA-256 hashes (a fast hash is enough for a random secret, and keeps lookups indexable).

CREATE TABLE invitations (
    id               TEXT PRIMARY KEY,
    tenant_id        TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- stored lower-cased, as users.email
    email            TEXT        NOT NULL,
    roles            TEXT[]      NOT NULL DEFAULT '{}',
    token_hash       TEXT        NOT NULL UNIQUE,
    invited_by       TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ NOT NULL,
    accepted_at      TIMESTAMPTZ,
    accepted_user_id TEXT,
    revoked_at       TIMESTAMPTZ
);

-- inviting an address again revokes its earlier open invitation first: at most one stays usable
CREATE UNIQUE INDEX invitations_one_open ON invitations (tenant_id, email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

CREATE TABLE password_reset_tokens (
    token_hash TEXT PRIMARY KEY,
    tenant_id  TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    TEXT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'self' for the public request, else the admin who issued it
    issued_by  TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE INDEX password_reset_tokens_user ON password_reset_tokens (user_id);

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['invitations', 'password_reset_tokens']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I'
                       || ' USING (tenant_id = current_setting(''app.tenant_id'', true))'
                       || ' WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
    END LOOP;
END
$$;

-- Platform-wide: public reset requests counted per client address and per requested email (both
-- hashed) in fixed windows, so the endpoint is neither an email cannon nor a cheap oracle.
CREATE TABLE password_reset_throttle (
    key          TEXT PRIMARY KEY,
    window_start TIMESTAMPTZ NOT NULL,
    requests     INT         NOT NULL
);

REVOKE ALL ON password_reset_throttle FROM strata_app;
