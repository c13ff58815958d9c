-- The role tenant-scoped work runs as. It is not a superuser and owns nothing, so
-- PostgreSQL row-level security applies to it. TenantScope switches to it per transaction
-- (SET LOCAL ROLE strata_app) and sets app.tenant_id; policies compare against that:
--   ALTER TABLE t ENABLE ROW LEVEL SECURITY;
--   CREATE POLICY tenant_isolation ON t
--     USING (tenant_id = current_setting('app.tenant_id', true))
--     WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
-- In production the service's login role must be a member: GRANT strata_app TO <login>.
DO $$
BEGIN
    CREATE ROLE strata_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO strata_app;
GRANT SELECT, INSERT ON strata_outbox TO strata_app;
GRANT USAGE, SELECT ON SEQUENCE strata_outbox_position_seq TO strata_app;
GRANT SELECT, INSERT ON strata_processed_event TO strata_app;

-- Tables and sequences that the service's migrations create later are usable by the role;
-- a migration revokes what must stay out of reach (identity's audit log: no UPDATE/DELETE).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO strata_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO strata_app;
