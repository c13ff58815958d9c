-- Clients for apps (authorization code with PKCE) beside back-end clients (client_credentials):
-- the tenant side records the kind and the exact redirect URIs the authorization server accepts.
-- type: service (client_credentials, secret), confidential (authorization code, secret),
-- public (authorization code, no secret: browser and mobile apps).
ALTER TABLE oauth_clients ADD COLUMN type TEXT NOT NULL DEFAULT 'service'
    CHECK (type IN ('service', 'confidential', 'public'));
ALTER TABLE oauth_clients ADD COLUMN redirect_uris TEXT[] NOT NULL DEFAULT '{}';

-- Reuse detection for the authorization server's rotating refresh tokens: a refresh token replaced
-- by a refresh is remembered (SHA-256; it is 96 random bytes) with its authorization, so presenting
-- it again revokes that authorization. Platform-wide like the authorization server's own tables.
CREATE TABLE oauth2_spent_refresh_token (
    token_hash       TEXT PRIMARY KEY,
    authorization_id VARCHAR(100) NOT NULL,
    expires_at       TIMESTAMPTZ  NOT NULL
);

REVOKE ALL ON oauth2_spent_refresh_token FROM strata_app;
