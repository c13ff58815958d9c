package io.strata.notification.endpoint;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The bodies the endpoints API accepts. */
final class EndpointRequests {

	private EndpointRequests() {
	}

	@Schema(name = "WebhookEndpointRegistration", description = "A webhook endpoint to register.")
	record Register(@NotBlank @Size(max = 2048) @Schema(example = "https://example.com/hooks/strata") String url,
			@NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 200) @Pattern(regexp = EventTypePatterns.SYNTAX,
					message = "must be an event type such as resource.created, a wildcard such as resource.* or *") String> eventTypes,
			@Nullable @Size(max = 1000) @Schema(example = "Ticket updates for the helpdesk") String description,
			@Nullable @Min(1) @Max(10000) @Schema(example = "20") Integer rateLimitPerSecond,
			@Nullable @Size(max = 50) Map<@Size(max = 100) String, @Size(max = 1000) String> metadata) {
	}

	/** A partial update: absent fields stay as they are. */
	@Schema(name = "WebhookEndpointUpdate", description = "A partial update: absent fields stay as they are.")
	record Update(@Nullable @Size(max = 2048) @Schema(example = "https://example.com/hooks/strata") String url,
			@Nullable @Size(min = 1, max = 100) List<@NotBlank @Size(max = 200) @Pattern(
					regexp = EventTypePatterns.SYNTAX,
					message = "must be an event type such as resource.created, a wildcard such as resource.* or *") String> eventTypes,
			@Nullable @Size(max = 1000) String description, @Nullable @Min(1) @Max(10000) Integer rateLimitPerSecond,
			@Nullable @Size(max = 50) Map<@Size(max = 100) String, @Size(max = 1000) String> metadata) {
	}

}
