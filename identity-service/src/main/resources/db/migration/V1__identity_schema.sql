-- Identity's own tables. Tenant tables carry tenant_id and get the platform's row-level security
-- policy (see db/platform/V0_2): TenantScope runs tenant work as strata_app with app.tenant_id set.
-- Platform-wide tables (signing keys, the authorization server's stores, login throttling) hold no
-- tenant data of their own and are only reachable by the service's login role.

CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- a role names a set of scopes; tokens carry the user's roles and the union of their scopes
CREATE TABLE roles (
    tenant_id TEXT   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name      TEXT   NOT NULL,
    scopes    TEXT[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- stored lower-cased: one account per address and tenant, whatever the caller's spelling
    email         TEXT        NOT NULL,
    password_hash TEXT        NOT NULL,
    roles         TEXT[]      NOT NULL DEFAULT '{}',
    disabled      BOOLEAN     NOT NULL DEFAULT false,
    version       INT         NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, email)
);

CREATE INDEX users_email ON users (email);

-- the tenant side of an OAuth2 client; the protocol data lives in oauth2_registered_client
CREATE TABLE oauth_clients (
    client_id  TEXT PRIMARY KEY,
    tenant_id  TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name       TEXT        NOT NULL,
    scopes     TEXT[]      NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- first-party sign-in: every refresh token belongs to a family; reusing a spent token revokes it
CREATE TABLE refresh_token_families (
    id             UUID PRIMARY KEY,
    tenant_id      TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id        TEXT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at     TIMESTAMPTZ,
    revoked_reason TEXT
);

CREATE TABLE refresh_tokens (
    -- SHA-256 of the token: the token is 256 random bits, so a fast hash is enough
    token_hash TEXT PRIMARY KEY,
    tenant_id  TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    family_id  UUID        NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
    issued_at  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name        TEXT        NOT NULL,
    secret_hash TEXT        NOT NULL UNIQUE,
    subject     TEXT        NOT NULL,
    scopes      TEXT[]      NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);

-- append-only, hash-chained per tenant: hash = SHA-256(prev_hash || the entry's fields)
CREATE TABLE audit_log (
    tenant_id   TEXT        NOT NULL,
    seq         BIGINT      NOT NULL,
    id          UUID        NOT NULL UNIQUE,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    target      TEXT        NOT NULL,
    details     TEXT        NOT NULL,
    prev_hash   TEXT        NOT NULL,
    hash        TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['roles', 'users', 'oauth_clients', 'refresh_token_families', 'refresh_tokens',
                             'api_keys', 'audit_log']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I'
                       || ' USING (tenant_id = current_setting(''app.tenant_id'', true))'
                       || ' WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
    END LOOP;
END
$$;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = current_setting('app.tenant_id', true))
    WITH CHECK (id = current_setting('app.tenant_id', true));

-- the audit log is append-only for the application role
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM strata_app;

-- Platform-wide: signing keys (private keys encrypted with the platform's SecretBox).
-- state: next (published, not yet signing), current (signs), previous (published until its tokens
-- expired), retired (kept for the record, never published).
CREATE TABLE signing_keys (
    kid         TEXT PRIMARY KEY,
    algorithm   TEXT        NOT NULL,
    state       TEXT        NOT NULL CHECK (state IN ('next', 'current', 'previous', 'retired')),
    public_jwk  TEXT        NOT NULL,
    private_key BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    activated_at TIMESTAMPTZ,
    demoted_at  TIMESTAMPTZ
);

CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (state) WHERE state = 'current';

-- brute-force protection, keyed by a hash of the account (tenant + email) or of the client address
CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     INT         NOT NULL,
    locked_until TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Spring Security's authorization server stores (schemas shipped with spring-security-oauth2-authorization-server,
-- adapted for PostgreSQL as its comments say: blob -> text, timestamp -> timestamptz)
CREATE TABLE oauth2_registered_client (
    id                            varchar(100)  NOT NULL,
    client_id                     varchar(100)  NOT NULL UNIQUE,
    client_id_issued_at           timestamptz   DEFAULT CURRENT_TIMESTAMP NOT NULL,
    client_secret                 varchar(200)  DEFAULT NULL,
    client_secret_expires_at      timestamptz   DEFAULT NULL,
    client_name                   varchar(200)  NOT NULL,
    client_authentication_methods varchar(1000) NOT NULL,
    authorization_grant_types     varchar(1000) NOT NULL,
    redirect_uris                 varchar(1000) DEFAULT NULL,
    post_logout_redirect_uris     varchar(1000) DEFAULT NULL,
    scopes                        varchar(1000) NOT NULL,
    client_settings               varchar(2000) NOT NULL,
    token_settings                varchar(2000) NOT NULL,
    PRIMARY KEY (id)
);

CREATE TABLE oauth2_authorization (
    id                            varchar(100) NOT NULL,
    registered_client_id          varchar(100) NOT NULL,
    principal_name                varchar(200) NOT NULL,
    authorization_grant_type      varchar(100) NOT NULL,
    authorized_scopes             varchar(1000) DEFAULT NULL,
    attributes                    text DEFAULT NULL,
    state                         varchar(500) DEFAULT NULL,
    authorization_code_value      text DEFAULT NULL,
    authorization_code_issued_at  timestamptz DEFAULT NULL,
    authorization_code_expires_at timestamptz DEFAULT NULL,
    authorization_code_metadata   text DEFAULT NULL,
    access_token_value            text DEFAULT NULL,
    access_token_issued_at        timestamptz DEFAULT NULL,
    access_token_expires_at       timestamptz DEFAULT NULL,
    access_token_metadata         text DEFAULT NULL,
    access_token_type             varchar(100) DEFAULT NULL,
    access_token_scopes           varchar(1000) DEFAULT NULL,
    oidc_id_token_value           text DEFAULT NULL,
    oidc_id_token_issued_at       timestamptz DEFAULT NULL,
    oidc_id_token_expires_at      timestamptz DEFAULT NULL,
    oidc_id_token_metadata        text DEFAULT NULL,
    refresh_token_value           text DEFAULT NULL,
    refresh_token_issued_at       timestamptz DEFAULT NULL,
    refresh_token_expires_at      timestamptz DEFAULT NULL,
    refresh_token_metadata        text DEFAULT NULL,
    user_code_value               text DEFAULT NULL,
    user_code_issued_at           timestamptz DEFAULT NULL,
    user_code_expires_at          timestamptz DEFAULT NULL,
    user_code_metadata            text DEFAULT NULL,
    device_code_value             text DEFAULT NULL,
    device_code_issued_at         timestamptz DEFAULT NULL,
    device_code_expires_at        timestamptz DEFAULT NULL,
    device_code_metadata          text DEFAULT NULL,
    PRIMARY KEY (id)
);


REVOKE ALL ON signing_keys, login_throttle, oauth2_registered_client, oauth2_authorization FROM strata_app;
