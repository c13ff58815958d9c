package io.strata.notification.endpoint;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies the endpoints API accepts. */
final class EndpointRequests {

	private EndpointRequests() {
	}

	record Register(@NotBlank @Size(max = 2048) String url,
			@NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 200) @Pattern(regexp = EventTypePatterns.SYNTAX,
					message = "must be an event type such as resource.created, a wildcard such as resource.* or *") String> eventTypes,
			@Size(max = 1000) String description, @Min(1) @Max(10000) Integer rateLimitPerSecond,
			@Size(max = 50) Map<@Size(max = 100) String, @Size(max = 1000) String> metadata) {
	}

	/** A partial update: absent fields stay as they are. */
	record Update(@Size(max = 2048) String url, @Size(min = 1, max = 100) List<@NotBlank @Size(max = 200) @Pattern(
			regexp = EventTypePatterns.SYNTAX,
			message = "must be an event type such as resource.created, a wildcard such as resource.* or *") String> eventTypes,
			@Size(max = 1000) String description, @Min(1) @Max(10000) Integer rateLimitPerSecond,
			@Size(max = 50) Map<@Size(max = 100) String, @Size(max = 1000) String> metadata) {
	}

}
