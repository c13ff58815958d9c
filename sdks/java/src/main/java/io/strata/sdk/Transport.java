package io.strata.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleSupplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one place requests go out: auth header, user agent, {@code Idempotency-Key} (once per POST/PATCH,
 * the same on every retry), retries of 429/503/connection errors with exponential backoff and full jitter
 * honouring {@code Retry-After}, timeouts, and problem+json answers turned into {@link StrataException}.
 */
final class Transport {

	static final String USER_AGENT = "strata-java/" + Strata.VERSION;

	/** Longest Retry-After the client waits for by itself; a longer one is given to the caller. */
	private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

	interface Sleeper {

		void sleep(Duration duration) throws InterruptedException;

	}

	/** What to send. */
	record Call(String method, String path, Map<String, String> query, Object body, String contentType,
			Map<String, String> headers, boolean authenticated) {

		static Call of(String method, String path) {
			return new Call(method, path, Map.of(), null, null, Map.of(), true);
		}

		Call query(Map<String, String> query) {
			return new Call(this.method, this.path, query, this.body, this.contentType, this.headers,
					this.authenticated);
		}

		Call body(Object body) {
			return new Call(this.method, this.path, this.query, body, "application/json", this.headers,
					this.authenticated);
		}

		Call body(Object body, String contentType) {
			return new Call(this.method, this.path, this.query, body, contentType, this.headers, this.authenticated);
		}

		Call header(String name, String value) {
			if (value == null) {
				return this;
			}
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Call(this.method, this.path, this.query, this.body, this.contentType, headers,
					this.authenticated);
		}

		Call unauthenticated() {
			return new Call(this.method, this.path, this.query, this.body, this.contentType, this.headers, false);
		}

	}

	/** What came back (2xx only; anything else is thrown). */
	record Answer(int status, java.net.http.HttpHeaders headers, String body) {

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

	/**
	 * Unset (null) fields of request objects are left out, as the platform validates bodies against schemas
	 * where an optional field is absent, not null; null values inside maps stay (a merge patch's way of
	 * removing an attribute).
	 */
	static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
		.setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
				JsonInclude.Include.ALWAYS))
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

	private final URI baseUrl;

	private final HttpClient http;

	private final Auth auth;

	private final int maxRetries;

	private final Duration timeout;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Sleeper sleeper;

	private final DoubleSupplier jitter;

	Transport(URI baseUrl, HttpClient http, Auth auth, int maxRetries, Duration timeout, Duration initialBackoff,
			Duration maxBackoff, Sleeper sleeper, DoubleSupplier jitter) {
		this.baseUrl = baseUrl;
		this.http = http;
		this.auth = auth;
		this.maxRetries = maxRetries;
		this.timeout = timeout;
		this.initialBackoff = initialBackoff;
		this.maxBackoff = maxBackoff;
		this.sleeper = sleeper;
		this.jitter = jitter;
		auth.bind(this);
	}

	<T> T send(Call call, Class<T> type) {
		return read(send(call), JSON.constructType(type));
	}

	<T> T send(Call call, JavaType type) {
		return read(send(call), type);
	}

	static <T> T read(Answer answer, JavaType type) {
		if (answer.body() == null || answer.body().isBlank()) {
			return null;
		}
		try {
			return JSON.readValue(answer.body(), type);
		}
		catch (JsonProcessingException ex) {
			throw new StrataException(answer.status(), null, "Unreadable answer", ex.getOriginalMessage(), null,
					List.of(), null, ex);
		}
	}

	Answer send(Call call) {
		String idempotencyKey = null;
		if (("POST".equals(call.method()) || "PATCH".equals(call.method())) && call.authenticated()) {
			idempotencyKey = call.headers().getOrDefault("Idempotency-Key", UUID.randomUUID().toString());
		}
		byte[] body = encode(call);
		boolean reauthenticated = false;
		for (int attempt = 0;; attempt++) {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri(call))
				.timeout(this.timeout)
				.header("User-Agent", USER_AGENT)
				.header("Accept", "application/json, application/problem+json")
				.method(call.method(), (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
						: HttpRequest.BodyPublishers.noBody());
			if (body != null) {
				request.header("Content-Type", call.contentType());
			}
			call.headers().forEach(request::header);
			if (idempotencyKey != null && !call.headers().containsKey("Idempotency-Key")) {
				request.header("Idempotency-Key", idempotencyKey);
			}
			if (call.authenticated()) {
				this.auth.apply(request);
			}
			HttpResponse<String> response;
			try {
				response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				if (attempt < this.maxRetries) {
					pause(backoff(attempt));
					continue;
				}
				throw new StrataConnectionException(call.method() + " " + call.path() + ": " + describe(ex), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new StrataConnectionException("Interrupted", ex);
			}
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return new Answer(status, response.headers(), response.body());
			}
			if (status == 401 && call.authenticated() && !reauthenticated && this.auth.refreshable()) {
				// An access token can expire between the client's check and the server's; fetch a new one once.
				this.auth.invalidate();
				reauthenticated = true;
				attempt--;
				continue;
			}
			long retryAfter = retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null));
			if (retryable(status) && attempt < this.maxRetries
					&& retryAfter <= MAX_RETRY_AFTER.toMillis()) {
				pause((retryAfter >= 0) ? Duration.ofMillis(retryAfter) : backoff(attempt));
				continue;
			}
			throw problem(status, response.headers(), response.body(), retryAfter);
		}
	}

	private static boolean retryable(int status) {
		return status == 429 || status == 503 || status == 502 || status == 504;
	}

	/** Full jitter: a uniformly random wait between 0 and the exponential cap for this attempt. */
	Duration backoff(int attempt) {
		double cap = Math.min(this.maxBackoff.toMillis(), this.initialBackoff.toMillis() * Math.pow(2, attempt));
		return Duration.ofMillis((long) (this.jitter.getAsDouble() * cap));
	}

	private void pause(Duration duration) {
		try {
			this.sleeper.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StrataConnectionException("Interrupted while waiting to retry", ex);
		}
	}

	/** {@code Retry-After} in delta-seconds or as an HTTP date; -1 when absent or unreadable. */
	static long retryAfterMillis(String value) {
		if (value == null || value.isBlank()) {
			return -1;
		}
		try {
			return Math.max(0, (long) (Double.parseDouble(value.trim()) * 1000));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
				return Math.max(0, when.toInstant().toEpochMilli() - System.currentTimeMillis());
			}
			catch (DateTimeParseException notADate) {
				return -1;
			}
		}
	}

	static StrataException problem(int status, java.net.http.HttpHeaders headers, String body, long retryAfter) {
		String type = null;
		String title = null;
		String detail = null;
		String instance = null;
		String traceId = null;
		List<StrataException.FieldError> errors = new ArrayList<>();
		if (body != null && !body.isBlank()) {
			try {
				JsonNode problem = JSON.readTree(body);
				if (problem != null && problem.isObject()) {
					type = text(problem, "type");
					title = text(problem, "title");
					detail = text(problem, "detail");
					instance = text(problem, "instance");
					traceId = (text(problem, "trace_id") != null) ? text(problem, "trace_id")
							: text(problem, "traceId");
					JsonNode list = problem.get("errors");
					if (list != null && list.isArray()) {
						for (JsonNode error : list) {
							errors.add(new StrataException.FieldError(
									(text(error, "pointer") != null) ? text(error, "pointer") : text(error, "field"),
									(text(error, "message") != null) ? text(error, "message")
											: text(error, "detail")));
						}
					}
				}
			}
			catch (JsonProcessingException ex) {
				detail = body.length() > 500 ? body.substring(0, 500) : body;
			}
		}
		if (title == null) {
			title = "HTTP " + status;
		}
		if (traceId == null && headers != null) {
			traceId = headers.firstValue("traceparent").map(Transport::traceOf).orElse(null);
		}
		return StrataException.of(status, type, title, detail, instance, errors, traceId, retryAfter);
	}

	private static String traceOf(String traceparent) {
		String[] parts = traceparent.split("-");
		return (parts.length >= 2) ? parts[1] : null;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asText();
	}

	private static String describe(IOException ex) {
		return (ex.getMessage() != null) ? ex.getClass().getSimpleName() + ": " + ex.getMessage()
				: ex.getClass().getSimpleName();
	}

	private URI uri(Call call) {
		StringBuilder uri = new StringBuilder(this.baseUrl.toString());
		if (uri.charAt(uri.length() - 1) == '/') {
			uri.setLength(uri.length() - 1);
		}
		uri.append(call.path());
		String separator = "?";
		for (Map.Entry<String, String> parameter : call.query().entrySet()) {
			if (parameter.getValue() == null) {
				continue;
			}
			uri.append(separator)
				.append(encode(parameter.getKey()))
				.append('=')
				.append(encode(parameter.getValue()));
			separator = "&";
		}
		return URI.create(uri.toString());
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private static byte[] encode(Call call) {
		if (call.body() == null) {
			return null;
		}
		if (call.body() instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		try {
			if (call.body() instanceof Map || call.body() instanceof JsonNode) {
				return JSON.writeValueAsBytes(call.body());
			}
			// A request model: leave its unset (null) fields out. The generated models write a field the
			// document calls required even when null, and the platform validates an optional field as
			// absent, not null. Nulls deeper down (inside attributes) are the caller's and stay.
			JsonNode tree = JSON.valueToTree(call.body());
			if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
				List<String> nulls = new ArrayList<>();
				object.fields().forEachRemaining((field) -> {
					if (field.getValue().isNull()) {
						nulls.add(field.getKey());
					}
				});
				object.remove(nulls);
			}
			return JSON.writeValueAsBytes(tree);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("The request body cannot be written as JSON", ex);
		}
	}

	static String path(String template, String... values) {
		String path = template;
		for (String value : values) {
			if (value == null || value.isEmpty()) {
				throw new IllegalArgumentException("A path parameter is missing in " + template);
			}
			path = path.replaceFirst("\\{[^}]+}", java.util.regex.Matcher.quoteReplacement(encode(value)));
		}
		return path;
	}

	/** How requests authenticate. */
	abstract static class Auth {

		void bind(Transport transport) {
		}

		abstract void apply(HttpRequest.Builder request);

		boolean refreshable() {
			return false;
		}

		void invalidate() {
		}

		static Auth apiKey(String key) {
			return new Auth() {
				@Override
				void apply(HttpRequest.Builder request) {
					request.header("X-API-Key", key);
				}
			};
		}

		static Auth bearer(String token) {
			return new Auth() {
				@Override
				void apply(HttpRequest.Builder request) {
					request.header("Authorization", "Bearer " + token);
				}
			};
		}

		static Auth none() {
			return new Auth() {
				@Override
				void apply(HttpRequest.Builder request) {
				}
			};
		}

	}

	/**
	 * OAuth2 client credentials: fetches a token from {@code /oauth2/token}, caches it, and fetches the next
	 * one shortly before it expires (or after a 401).
	 */
	static final class ClientCredentials extends Auth {

		private static final Duration EARLY = Duration.ofSeconds(30);

		private final String clientId;

		private final String clientSecret;

		private final String scope;

		private Transport transport;

		private String token;

		private long expiresAtNanos;

		ClientCredentials(String clientId, String clientSecret, String scope) {
			this.clientId = clientId;
			this.clientSecret = clientSecret;
			this.scope = scope;
		}

		@Override
		void bind(Transport transport) {
			this.transport = transport;
		}

		@Override
		boolean refreshable() {
			return true;
		}

		@Override
		synchronized void invalidate() {
			this.token = null;
		}

		@Override
		void apply(HttpRequest.Builder request) {
			request.header("Authorization", "Bearer " + token());
		}

		synchronized String token() {
			if (this.token == null || System.nanoTime() - this.expiresAtNanos >= 0) {
				String form = "grant_type=client_credentials"
						+ ((this.scope != null) ? "&scope=" + encode(this.scope) : "");
				String basic = Base64.getEncoder()
					.encodeToString((encodeForm(this.clientId) + ":" + encodeForm(this.clientSecret))
						.getBytes(StandardCharsets.UTF_8));
				Answer answer = this.transport.send(Call.of("POST", "/oauth2/token")
					.unauthenticated()
					.body(form, "application/x-www-form-urlencoded")
					.header("Authorization", "Basic " + basic));
				JsonNode json = read(answer, JSON.constructType(JsonNode.class));
				if (json == null || json.get("access_token") == null) {
					throw new AuthenticationException(null, "No access token", "The token endpoint answered "
							+ answer.status() + " without an access_token", null, List.of(), null);
				}
				this.token = json.get("access_token").asText();
				long lifetime = (json.hasNonNull("expires_in")) ? json.get("expires_in").asLong() : 300;
				this.expiresAtNanos = System.nanoTime()
						+ Duration.ofSeconds(Math.max(1, lifetime)).minus(EARLY).toNanos();
			}
			return this.token;
		}

		/** RFC 6749 §2.3.1: client id and secret are form-encoded before the basic scheme. */
		private static String encodeForm(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
