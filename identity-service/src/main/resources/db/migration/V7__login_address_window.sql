-- Client addresses are now counted in a sliding window (auth/LoginThrottle): the times of their
-- recent failures, instead of a lifetime count that locked a shared (NAT) address for good. The old
-- address rows are those lifetime counts: forgetting them is the point.
ALTER TABLE login_throttle ADD COLUMN failed_at TIMESTAMPTZ[];

DELETE FROM login_throttle WHERE key LIKE 'address:%';
