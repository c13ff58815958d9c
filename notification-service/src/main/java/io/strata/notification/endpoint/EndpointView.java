package io.strata.notification.endpoint;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint as the API shows it. {@code secret} is present only in the answers to
 * registration and rotation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "WebhookEndpoint",
		description = "A webhook endpoint; secret only in the answers to registration and rotation.")
record EndpointView(@Schema(example = "ep_01HZX4A1") String id,
		@Schema(example = "https://example.com/hooks/strata") String url,
		@Nullable @Schema(example = "Ticket updates for the helpdesk") String description,
		@Schema(example = "[\"resource.*\"]") List<String> eventTypes,
		@Nullable @Schema(example = "20") Integer rateLimitPerSecond,
		@Nullable @Schema(example = "{\"team\": \"support\"}") Map<String, String> metadata,
		@Schema(example = "enabled", allowableValues = {
				"enabled", "disabled" }) String status,
		@Nullable @Schema(example = "too many failed deliveries") String disabledReason,
		@Schema(example = "2024-05-01T12:00:00Z") Instant createdAt,
		@Schema(example = "2024-05-01T12:30:00Z") Instant updatedAt,
		@Nullable @Schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") String secret){

	static EndpointView of(Endpoint endpoint) {
		return of(endpoint, null);
	}

	static EndpointView of(Endpoint endpoint, String secret) {
		return new EndpointView(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.eventTypes(),
				endpoint.rateLimitPerSecond(), strings(endpoint.metadata()), endpoint.status(),
				endpoint.disabledReason(), endpoint.createdAt(), endpoint.updatedAt(), secret);
	}

	/** Metadata holds strings only (registration accepts no other values). */
	private static @Nullable Map<String, String> strings(@Nullable Map<String, Object> metadata) {
		if (metadata == null) {
			return null;
		}
		Map<String, String> strings = new LinkedHashMap<>();
		metadata.forEach((key, value) -> strings.put(key, (value != null) ? value.toString() : null));
		return strings;
	}

}
