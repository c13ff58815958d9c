package io.strata.sdk;

import java.time.Duration;
import java.util.List;

/** Too many requests (429), after the client's own retries ran out. */
public class RateLimitException extends StrataException {

	private static final long serialVersionUID = 1L;

	private final long retryAfterMillis;

	public RateLimitException(String type, String title, String detail, String instance, List<FieldError> errors,
			String traceId, long retryAfterMillis) {
		super(429, type, title, detail, instance, errors, traceId);
		this.retryAfterMillis = retryAfterMillis;
	}

	/** How long the platform asked to wait ({@code Retry-After}), or {@link Duration#ZERO} if it did not say. */
	public Duration retryAfter() {
		return Duration.ofMillis(Math.max(0, this.retryAfterMillis));
	}

}
