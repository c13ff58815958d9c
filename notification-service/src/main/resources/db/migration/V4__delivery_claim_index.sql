-- The claim takes each endpoint's oldest due deliveries in (next_attempt_at, id) order. The deliveries
-- of one fan-out batch share their next_attempt_at (the transaction's now()), so an index without the
-- id made every claim read and sort an endpoint's whole batch to take its first few. The claim also
-- finds the endpoints with pending deliveries by skipping through this index, one key at a time.
CREATE INDEX webhook_delivery_claim ON webhook_delivery (endpoint_id, next_attempt_at, id) WHERE status = 'pending';
DROP INDEX webhook_delivery_due;
