package io.strata.notification.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.strata.platform.web.ETags;

/**
 * A tenant's webhook endpoint: where to deliver, which event types, how fast. Its secret
 * never leaves {@link WebhookSecrets} except once, when it is created or rotated.
 *
 * @param id opaque id ({@code ep_...})
 * @param tenantId owning tenant
 * @param url delivery URL, checked against the outbound address policy
 * @param description free text for humans
 * @param eventTypes exact types ({@code resource.created}) and wildcards
 * ({@code resource.*}, {@code *})
 * @param rateLimitPerSecond deliveries per second at most, or null for no limit
 * @param metadata the caller's own key/value pairs
 * @param status {@code enabled} or {@code disabled}
 * @param disabledReason why it was disabled, when it is
 * @param version optimistic-concurrency version, the ETag
 * @param createdAt creation time
 * @param updatedAt last change
 */
public record Endpoint(String id, String tenantId, String url, String description, List<String> eventTypes,
		Integer rateLimitPerSecond, Map<String, Object> metadata, String status, String disabledReason, long version,
		Instant createdAt, Instant updatedAt) {

	public static final String ENABLED = "enabled";

	public static final String DISABLED = "disabled";

	public String etag() {
		return ETags.of(this.version);
	}

}
