package io.strata.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The Strata API client. Thread-safe; build one per application and share it.
 *
 * <pre>{@code
 * Strata strata = Strata.builder()
 *     .baseUrl("http://127.0.0.1:8080")
 *     .clientCredentials(clientId, clientSecret)
 *     .build();
 * Resource ticket = strata.resources().create("ticket", Map.of("title", "Broken login"));
 * for (Resource r : strata.resources().list(ListParams.filter("type = \"ticket\""))) { ... }
 * }</pre>
 */
public final class Strata {

	/** The SDK's version; its major is the API's version. */
	public static final String VERSION = "2.0.0";

	private final Resources resources;

	private final ResourceTypes resourceTypes;

	private final Operations operations;

	private final Webhooks webhooks;

	private final Analytics analytics;

	private Strata(Transport transport) {
		this.resources = new Resources(transport);
		this.resourceTypes = new ResourceTypes(transport);
		this.operations = new Operations(transport);
		this.webhooks = new Webhooks(transport);
		this.analytics = new Analytics(transport);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Resources: create, get, replace, update (merge patch), delete, run actions, list. */
	public Resources resources() {
		return this.resources;
	}

	/** Resource types: their JSON Schema and lifecycle. */
	public ResourceTypes resourceTypes() {
		return this.resourceTypes;
	}

	/** Operations (workflow runs started by actions): get, list, wait for, signal, cancel. */
	public Operations operations() {
		return this.operations;
	}

	/** Webhook endpoints (CRUD, secrets, attempts) and {@link Webhooks#verify signature verification}. */
	public Webhooks webhooks() {
		return this.webhooks;
	}

	/** Event history and metrics. */
	public Analytics analytics() {
		return this.analytics;
	}

	/** Builds a {@link Strata} client. A base URL and one way to authenticate are required. */
	public static final class Builder {

		private URI baseUrl;

		private Transport.Auth auth;

		private int maxRetries = 3;

		private Duration timeout = Duration.ofSeconds(30);

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration initialBackoff = Duration.ofMillis(500);

		private Duration maxBackoff = Duration.ofSeconds(8);

		private HttpClient httpClient;

		private Transport.Sleeper sleeper = (duration) -> Thread.sleep(duration.toMillis());

		private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

		private Builder() {
		}

		/** Where the platform's gateway answers, for example {@code http://127.0.0.1:8080}. */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
			return this;
		}

		/**
		 * OAuth2 client credentials: the client fetches an access token from {@code /oauth2/token}, caches it
		 * and fetches a new one before it expires.
		 */
		public Builder clientCredentials(String clientId, String clientSecret) {
			return clientCredentials(clientId, clientSecret, null);
		}

		/** Client credentials asking for the given scopes (space-separated); all the client's by default. */
		public Builder clientCredentials(String clientId, String clientSecret, String scope) {
			this.auth = new Transport.ClientCredentials(Objects.requireNonNull(clientId, "clientId"),
					Objects.requireNonNull(clientSecret, "clientSecret"), scope);
			return this;
		}

		/** An API key ({@code sk_...}), sent as {@code X-API-Key}. */
		public Builder apiKey(String apiKey) {
			this.auth = Transport.Auth.apiKey(Objects.requireNonNull(apiKey, "apiKey"));
			return this;
		}

		/** A bearer token you obtained yourself (it is not refreshed). */
		public Builder bearerToken(String token) {
			this.auth = Transport.Auth.bearer(Objects.requireNonNull(token, "token"));
			return this;
		}

		/** Retries of 429, 502, 503, 504 and connection errors after the first attempt; 3 by default. */
		public Builder maxRetries(int maxRetries) {
			if (maxRetries < 0) {
				throw new IllegalArgumentException("maxRetries must be >= 0");
			}
			this.maxRetries = maxRetries;
			return this;
		}

		/** How long one request may take (each attempt); 30 s by default. */
		public Builder timeout(Duration timeout) {
			this.timeout = Objects.requireNonNull(timeout, "timeout");
			return this;
		}

		/** How long connecting may take; 10 s by default. */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
			return this;
		}

		/**
		 * The backoff between retries: full jitter, a random wait in [0, min(max, initial × 2^attempt)); 500 ms
		 * and 8 s by default. A {@code Retry-After} answer is waited for as asked instead.
		 */
		public Builder backoff(Duration initial, Duration max) {
			this.initialBackoff = Objects.requireNonNull(initial, "initial");
			this.maxBackoff = Objects.requireNonNull(max, "max");
			return this;
		}

		/** Your own {@link HttpClient} (proxy, TLS, executor); its timeouts then are yours. */
		public Builder httpClient(HttpClient httpClient) {
			this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
			return this;
		}

		Builder sleeper(Transport.Sleeper sleeper) {
			this.sleeper = sleeper;
			return this;
		}

		Builder jitter(DoubleSupplier jitter) {
			this.jitter = jitter;
			return this;
		}

		public Strata build() {
			if (this.baseUrl == null) {
				throw new IllegalStateException("baseUrl is required");
			}
			if (this.auth == null) {
				throw new IllegalStateException("one of clientCredentials, apiKey or bearerToken is required");
			}
			HttpClient http = (this.httpClient != null) ? this.httpClient
					: HttpClient.newBuilder()
						.connectTimeout(this.connectTimeout)
						.followRedirects(HttpClient.Redirect.NEVER)
						.build();
			return new Strata(new Transport(this.baseUrl, http, this.auth, this.maxRetries, this.timeout,
					this.initialBackoff, this.maxBackoff, this.sleeper, this.jitter));
		}

	}

}
