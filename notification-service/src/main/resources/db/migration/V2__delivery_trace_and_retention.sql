-- The W3C traceparent of the event a message came from: its webhooks continue that trace.
ALTER TABLE webhook_message ADD COLUMN traceparent TEXT;

-- Retention: old delivered deliveries (and their attempts) are purged by delivered_at.
CREATE INDEX webhook_delivery_delivered ON webhook_delivery (delivered_at) WHERE status = 'delivered';
-- Messages left without deliveries are purged by age.
CREATE INDEX webhook_message_created ON webhook_message (created_at);
