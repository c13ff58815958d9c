package io.strata.notification.delivery;

import java.time.Instant;

/**
 * A delivery a worker holds the lease of.
 *
 * @param id delivery id
 * @param tenantId owning tenant
 * @param messageId the message, also the {@code webhook-id}
 * @param endpointId target endpoint
 * @param attempts attempts made before this one (also the fencing token of the claim)
 * @param url the endpoint's URL
 * @param rateLimitPerSecond the endpoint's rate limit, or null
 * @param eventType the message's type
 * @param body the exact JSON body
 * @param occurredAt when the event happened
 * @param traceparent the W3C trace context of the event, or null
 * @param secret the endpoint's encrypted signing secret
 * @param previousSecret the encrypted previous secret while a rotation overlaps, or null
 */
record ClaimedDelivery(long id, String tenantId, String messageId, String endpointId, int attempts, String url,
		Integer rateLimitPerSecond, String eventType, String body, Instant occurredAt, String traceparent,
		byte[] secret, byte[] previousSecret) {

}
