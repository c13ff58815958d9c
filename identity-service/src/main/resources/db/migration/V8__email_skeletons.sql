-- Look-alike addresses: each user's UTS #39 skeleton (user/EmailAddresses), so refusing an address
-- that looks like another user's of the tenant is one indexed query. SQL cannot compute a skeleton:
-- V9 (user/EmailSkeletonBackfill, a Java migration) fills the existing rows and makes it required.
ALTER TABLE users ADD COLUMN email_skeleton TEXT;

CREATE INDEX users_email_skeleton ON users (tenant_id, email_skeleton);
