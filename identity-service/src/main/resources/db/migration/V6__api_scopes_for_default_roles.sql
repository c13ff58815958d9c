-- The gateway now requires a scope per API route (resources.*, analytics.read, webhooks.*, ml.*).
-- Tenants created before get the same grants as new ones (tenant/Roles.DEFAULTS): admins every API
-- scope, members the app's data. Roles a tenant changed keep their other scopes.
UPDATE roles
SET scopes = ARRAY(SELECT DISTINCT s FROM unnest(scopes || ARRAY['resources.read', 'resources.write',
    'analytics.read', 'webhooks.read', 'webhooks.write', 'ml.read', 'ml.write']) AS s ORDER BY s)
WHERE name = 'admin';

UPDATE roles
SET scopes = ARRAY(SELECT DISTINCT s FROM unnest(scopes || ARRAY['resources.read', 'resources.write',
    'analytics.read', 'ml.read']) AS s ORDER BY s)
WHERE name = 'member';

-- ./strata up's development client may do what the admin role may (bootstrap/Bootstrap)
UPDATE oauth2_registered_client
SET scopes = scopes || ',resources.read,resources.write,analytics.read,webhooks.read,webhooks.write,ml.read,ml.write'
WHERE client_name = 'Development client' AND scopes NOT LIKE '%resources.read%';

UPDATE oauth_clients
SET scopes = ARRAY(SELECT DISTINCT s FROM unnest(scopes || ARRAY['resources.read', 'resources.write',
    'analytics.read', 'webhooks.read', 'webhooks.write', 'ml.read', 'ml.write']) AS s ORDER BY s)
WHERE name = 'Development client';
