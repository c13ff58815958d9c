package io.strata.sdk;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JavaType;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import io.strata.sdk.model.WebhookAttempt;
import io.strata.sdk.model.WebhookDeadLetter;
import io.strata.sdk.model.WebhookEndpoint;
import io.strata.sdk.model.WebhookEndpointRegistration;
import io.strata.sdk.model.WebhookEndpointUpdate;
import io.strata.sdk.model.WebhookTestMessage;

/**
 * Webhook endpoints ({@code /v2/webhooks}) and verification of the deliveries they receive, signed per
 * Standard Webhooks.
 */
public final class Webhooks {

	/** How far a delivery's {@code webhook-timestamp} may be from now (either way), as Standard Webhooks says. */
	public static final Duration TOLERANCE = Duration.ofMinutes(5);

	private final Transport transport;

	private final JavaType endpointPage = Transport.JSON.getTypeFactory()
		.constructParametricType(Page.class, WebhookEndpoint.class);

	private final JavaType deadLetterPage = Transport.JSON.getTypeFactory()
		.constructParametricType(Page.class, WebhookDeadLetter.class);

	private final JavaType attemptPage = Transport.JSON.getTypeFactory()
		.constructParametricType(Page.class, WebhookAttempt.class);

	private final Clock clock;

	Webhooks(Transport transport) {
		this(transport, Clock.systemUTC());
	}

	Webhooks(Transport transport, Clock clock) {
		this.transport = transport;
		this.clock = clock;
	}

	/**
	 * Registers an endpoint. The answer holds its signing secret ({@code whsec_...}) this once: keep it.
	 */
	public WebhookEndpoint create(WebhookEndpointRegistration request) {
		return this.transport.send(Transport.Call.of("POST", "/v2/webhooks/register").body(request),
				WebhookEndpoint.class);
	}

	/** Registers {@code url} for the event types (patterns such as {@code resource.*}). */
	public WebhookEndpoint create(String url, List<String> eventTypes) {
		return create(new WebhookEndpointRegistration().url(url).eventTypes(eventTypes));
	}

	public WebhookEndpoint get(String id) {
		return this.transport.send(Transport.Call.of("GET", Transport.path("/v2/webhooks/{id}", id)),
				WebhookEndpoint.class);
	}

	public PagedIterable<WebhookEndpoint> list() {
		return new PagedIterable<>((token) -> this.transport.send(
				Transport.Call.of("GET", "/v2/webhooks").query(new ListParams().toQuery(token)), this.endpointPage));
	}

	public WebhookEndpoint update(String id, WebhookEndpointUpdate request) {
		return this.transport.send(Transport.Call.of("PATCH", Transport.path("/v2/webhooks/{id}", id)).body(request),
				WebhookEndpoint.class);
	}

	public void delete(String id) {
		this.transport.send(Transport.Call.of("DELETE", Transport.path("/v2/webhooks/{id}", id)));
	}

	public WebhookEndpoint disable(String id) {
		return this.transport.send(Transport.Call.of("POST", Transport.path("/v2/webhooks/{id}/disable", id)),
				WebhookEndpoint.class);
	}

	public WebhookEndpoint enable(String id) {
		return this.transport.send(Transport.Call.of("POST", Transport.path("/v2/webhooks/{id}/enable", id)),
				WebhookEndpoint.class);
	}

	/** A new secret (in the answer, once); the old one keeps verifying for a while. */
	public WebhookEndpoint rotateSecret(String id) {
		return this.transport.send(Transport.Call.of("POST", Transport.path("/v2/webhooks/{id}/rotate-secret", id)),
				WebhookEndpoint.class);
	}

	/** Queues a test event for delivery to the endpoint; the answer holds its message id. */
	public WebhookTestMessage test(String id) {
		return this.transport.send(Transport.Call.of("POST", Transport.path("/v2/webhooks/{id}/test", id)),
				WebhookTestMessage.class);
	}

	/** The delivery attempts to the endpoint, newest first. */
	public PagedIterable<WebhookAttempt> attempts(String id) {
		return attempts(id, null);
	}

	/** The delivery attempts of one message ({@code message_id}; all messages when {@code null}). */
	public PagedIterable<WebhookAttempt> attempts(String id, String messageId) {
		ListParams query = new ListParams().param("message_id", messageId);
		return new PagedIterable<>((token) -> this.transport.send(Transport.Call
			.of("GET", Transport.path("/v2/webhooks/{id}/attempts", id))
			.query(query.toQuery(token)), this.attemptPage));
	}

	/** The messages that exhausted their retries. */
	public PagedIterable<WebhookDeadLetter> deadLetters(String id) {
		return new PagedIterable<>((token) -> this.transport.send(Transport.Call
			.of("GET", Transport.path("/v2/webhooks/{id}/dead-letters", id))
			.query(new ListParams().toQuery(token)), this.deadLetterPage));
	}

	/**
	 * Verifies a delivery: {@code webhook-id}, {@code webhook-timestamp} (within {@link #TOLERANCE} of now)
	 * and {@code webhook-signature} ({@code v1,<base64>}, several space-separated during a secret rotation),
	 * HMAC-SHA256 keyed with {@code secret} ({@code whsec_<base64>}).
	 *
	 * @param payload the raw request body, exactly as received (not re-serialized JSON)
	 * @param headers the request headers (names in any case)
	 * @param secret the endpoint's signing secret
	 * @throws WebhookVerificationException when the delivery is not authentic or too old
	 */
	public void verify(String payload, Map<String, List<String>> headers, String secret) {
		verify(payload, headers, secret, this.clock);
	}

	/** {@link #verify(String, Map, String)} for a JDK {@link HttpHeaders}. */
	public void verify(String payload, HttpHeaders headers, String secret) {
		verify(payload, headers.map(), secret, this.clock);
	}

	/** {@link #verify(String, Map, String)} for one value per header, as most servlet/framework APIs give. */
	public void verifySingle(String payload, Map<String, String> headers, String secret) {
		Map<String, List<String>> multi = new LinkedHashMap<>();
		headers.forEach((name, value) -> multi.put(name, List.of(value)));
		verify(payload, multi, secret, this.clock);
	}

	/**
	 * The verification, built on the Standard Webhooks library ({@code com.standardwebhooks:standardwebhooks}):
	 * its {@link Webhook} decodes the {@code whsec_} secret and computes the {@code v1} signature. The library's
	 * own {@code verify} reads the timestamp window from the system clock, which a caller (and the signature
	 * fixtures of the notification service, with fixed timestamps) cannot set; so the window is checked here
	 * against {@code clock} and the signatures are compared here, in constant time, as the library does.
	 */
	static void verify(String payload, Map<String, List<String>> headers, String secret, Clock clock) {
		if (payload == null || headers == null || secret == null) {
			throw new WebhookVerificationException("Payload, headers and secret are required");
		}
		String id = header(headers, "webhook-id");
		String timestamp = header(headers, "webhook-timestamp");
		String signatures = header(headers, "webhook-signature");
		if (id == null || timestamp == null || signatures == null) {
			throw new WebhookVerificationException("Missing required headers");
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.trim());
		}
		catch (NumberFormatException ex) {
			throw new WebhookVerificationException("Invalid signature headers");
		}
		long now = clock.instant().getEpochSecond();
		if (seconds < now - TOLERANCE.toSeconds()) {
			throw new WebhookVerificationException("Message timestamp too old");
		}
		if (seconds > now + TOLERANCE.toSeconds()) {
			throw new WebhookVerificationException("Message timestamp too new");
		}
		String expected;
		try {
			expected = new Webhook(secret).sign(id, seconds, payload);
		}
		catch (WebhookSigningException | IllegalArgumentException ex) {
			throw new WebhookVerificationException("Invalid secret: " + ex.getMessage());
		}
		byte[] expectedSignature = expected.substring(expected.indexOf(',') + 1).getBytes(StandardCharsets.UTF_8);
		for (String candidate : signatures.trim().split(" +")) {
			int comma = candidate.indexOf(',');
			if (comma > 0 && "v1".equals(candidate.substring(0, comma)) && MessageDigest.isEqual(expectedSignature,
					candidate.substring(comma + 1).getBytes(StandardCharsets.UTF_8))) {
				return;
			}
		}
		throw new WebhookVerificationException("No matching signature found");
	}

	private static String header(Map<String, List<String>> headers, String name) {
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			if (header.getKey() != null && header.getKey().toLowerCase(Locale.ROOT).equals(name)
					&& header.getValue() != null && !header.getValue().isEmpty()) {
				return header.getValue().get(0);
			}
		}
		return null;
	}

}
