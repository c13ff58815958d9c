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
