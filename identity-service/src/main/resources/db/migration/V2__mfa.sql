-- MFA (TOTP, RFC 6238). Seeds are SecretBox (Tink AES-256-GCM) ciphertexts bound to their tenant and
-- user; recovery codes and challenges are 80+ random bits, stored as SHA-256 hashes.

-- who must use MFA: nobody in particular (optional), users with the admin role (admins), everyone (all)
ALTER TABLE tenants ADD COLUMN mfa_policy TEXT NOT NULL DEFAULT 'optional'
    CHECK (mfa_policy IN ('optional', 'admins', 'all'));

CREATE TABLE mfa_totp (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    tenant_id    TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seed         BYTEA       NOT NULL,
    -- null while enrolment waits for its first code
    confirmed_at TIMESTAMPTZ,
    -- the last time step a code was accepted for: a code is accepted once, and never an older one
    last_step    BIGINT      NOT NULL DEFAULT -1,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE mfa_recovery_codes (
    user_id   TEXT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    code_hash TEXT        NOT NULL,
    used_at   TIMESTAMPTZ,
    PRIMARY KEY (user_id, code_hash)
);

-- the second step of a sign-in: 'verify' (the user has MFA) or 'enrol' (policy requires MFA the
-- user does not have yet)
CREATE TABLE mfa_challenges (
    challenge_hash TEXT PRIMARY KEY,
    tenant_id      TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id        TEXT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose        TEXT        NOT NULL CHECK (purpose IN ('verify', 'enrol')),
    expires_at     TIMESTAMPTZ NOT NULL,
    attempts       INT         NOT NULL DEFAULT 0,
    used_at        TIMESTAMPTZ
);

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['mfa_totp', 'mfa_recovery_codes', 'mfa_challenges']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I'
                       || ' USING (tenant_id = current_setting(''app.tenant_id'', true))'
                       || ' WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
    END LOOP;
END
$$;
