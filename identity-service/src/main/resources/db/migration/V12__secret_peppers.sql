-- Platform-wide: server-side peppers of fast keyed hashes (HMAC-SHA-256 of client secrets),
-- encrypted with the platform's key set like the signing keys, so a copy of the database alone
-- cannot test a guessed secret. Only the service's login role reaches the table.
CREATE TABLE secret_peppers (
    name       TEXT PRIMARY KEY,
    pepper     BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

REVOKE ALL ON secret_peppers FROM strata_app;
