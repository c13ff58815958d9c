-- Each identity instance keeps registered clients and tenants' statuses in memory for the token
-- endpoint (cache/LocalCaches) and listens on the channel identity_cache: a changed or deleted row
-- tells every instance, at commit, which entry to drop ('<kind>:<key>').
CREATE FUNCTION identity_cache_client_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('identity_cache', 'client:' || OLD.client_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER identity_cache_client AFTER UPDATE OR DELETE ON oauth2_registered_client
    FOR EACH ROW EXECUTE FUNCTION identity_cache_client_changed();

CREATE FUNCTION identity_cache_tenant_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('identity_cache', 'tenant:' || OLD.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER identity_cache_tenant AFTER UPDATE OF status OR DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION identity_cache_tenant_changed();
