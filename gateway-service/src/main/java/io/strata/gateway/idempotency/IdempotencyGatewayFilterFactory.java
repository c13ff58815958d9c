package io.strata.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.policy.Policy;
import io.strata.gateway.policy.RequestBodies;
import io.strata.gateway.redis.SharedRedisConnection;
import io.strata.gateway.security.Caller;
import io.strata.platform.crypto.Digests;
import io.strata.platform.crypto.SecretBox;
import io.strata.platform.problem.ProblemException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code Idempotency-Key} on POST and PATCH: the body is read through Spring Cloud
 * Gateway's cache ({@link RequestBodies}: the route needs no body validation for it), and
 * the first request with a key runs and its answer is kept in Redis (per tenant and
 * principal: {@link Caller#principal()}) for {@code retention}; the same key with the
 * same body replays it with {@code Idempotent-Replayed: true}; with another body it is a
 * 422; while the first is still running, a 409. A 5xx answer (or a failure to reach the
 * service) releases the key, so a retry runs again. The key is claimed with an atomic
 * {@code SET NX}, so concurrent duplicates never both reach the service.
 * <p>
 * The answer goes to the client while Redis stores it, not after. A retry cannot miss it:
 * the SET is sent first on the shared connection, so this gateway's commands for a retry
 * queue behind it, and a retry through another instance inside that window finds the key
 * in flight (409, retry). Without Redis (unreachable, not answering within
 * {@code redis-timeout}) a request with a key is refused with 503 rather than run
 * unguarded.
 * <p>
 * Answers can hold secrets (a new API key, client secret or webhook secret), so what
 * Redis keeps is sealed with the platform's Tink keyset (AES-256-GCM), bound to its Redis
 * key as associated data: whoever reads Redis sees no secret, and an entry copied under
 * another principal's key does not open. Every gateway replica needs the same keyset
 * ({@code strata.crypto.keyset}).
 */
@Component
public class IdempotencyGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyGatewayFilterFactory.class);

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED = "Idempotent-Replayed";

	private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

	/** Per-request headers the replay gets fresh from this request's own filters. */
	private static final Set<String> NOT_REPLAYED = Set.of("ratelimit", "ratelimit-policy", "retry-after",
			"x-request-id", "date", "content-length", "transfer-encoding", "connection", "set-cookie");

	private final ReactiveStringRedisTemplate redis;

	private final SharedRedisConnection redisConnection;

	private final IdempotencyProperties properties;

	private final EdgeMetrics metrics;

	private final String keyPrefix;

	private final SecretBox box;

	private final JsonMapper json = JsonMapper.builder().build();

	IdempotencyGatewayFilterFactory(ReactiveStringRedisTemplate redis, SharedRedisConnection redisConnection,
			IdempotencyProperties properties, EdgeMetrics metrics, SecretBox box,
			@Value("${strata.gateway.redis-key-prefix:gw:}") String keyPrefix) {
		super(Object.class);
		this.box = box;
		this.redis = redis;
		this.redisConnection = redisConnection;
		this.properties = properties;
		this.metrics = metrics;
		this.keyPrefix = keyPrefix;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return new OrderedGatewayFilter((exchange, chain) -> {
			HttpMethod method = exchange.getRequest().getMethod();
			String key = exchange.getRequest().getHeaders().getFirst(HEADER);
			if (key == null || (method != HttpMethod.POST && method != HttpMethod.PATCH)) {
				return chain.filter(exchange);
			}
			if (!VALID_KEY.matcher(key).matches()) {
				return reject(exchange, new ProblemException(HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
						"Invalid Idempotency-Key", "The Idempotency-Key must be 1 to 255 visible ASCII characters."));
			}
			if (!this.redisConnection.isOpen()) {
				return unavailable(exchange, "not connected");
			}
			return RequestBodies.cache(exchange, this.properties.maxRequestBody().toBytes())
				.onErrorResume(ProblemException.class, (ex) -> reject(exchange, ex))
				.flatMap((cached) -> claim(cached, chain, key));
		}, Policy.IDEMPOTENCY.order());
	}

	private Mono<Void> claim(ServerWebExchange exchange, GatewayFilterChain chain, String key) {
		String fingerprint = fingerprint(exchange);
		return Caller.of(exchange).flatMap((caller) -> {
			String redisKey = this.keyPrefix + "idem:{" + caller.tenantId() + "|" + caller.principal() + "}:"
					+ Digests.sha256Hex(key);
			return this.redis.opsForValue()
				.setIfAbsent(redisKey, write(redisKey, StoredResponse.inFlight(fingerprint)),
						this.properties.inFlightTimeout())
				.timeout(this.properties.redisTimeout())
				// without the store the gateway cannot promise "at most once": refuse
				// rather than run the request unguarded
				.onErrorResume((ex) -> unavailable(exchange, ex.toString()))
				.flatMap((claimed) -> claimed ? run(exchange, chain, redisKey, fingerprint)
						: existing(exchange, redisKey, fingerprint));
		});
	}

	private <T> Mono<T> unavailable(ServerWebExchange exchange, String cause) {
		log.warn("Idempotency store (Redis) unreachable, refusing an Idempotency-Key request: {}", cause);
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		return reject(exchange,
				new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "idempotency-unavailable",
						"Idempotency store unavailable",
						"Requests with an Idempotency-Key cannot be processed right now; retry with the same key."));
	}

	private Mono<Void> existing(ServerWebExchange exchange, String redisKey, String fingerprint) {
		return this.redis.opsForValue()
			.get(redisKey)
			.timeout(this.properties.redisTimeout())
			.onErrorResume((ex) -> unavailable(exchange, ex.toString()))
			.flatMap((value) -> read(exchange, redisKey, value))
			// the first request finished between our SET NX and GET and released the key
			.switchIfEmpty(Mono.defer(() -> reject(exchange,
					new ProblemException(HttpStatus.CONFLICT, "idempotency-in-flight", "Request in progress",
							"Retry the request."))))
			.flatMap((stored) -> {
				if (!stored.fingerprint().equals(fingerprint)) {
					return reject(exchange,
							new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
									"Idempotency-Key reused",
									"This Idempotency-Key was used with a different request body."));
				}
				if (StoredResponse.IN_FLIGHT.equals(stored.state())) {
					return reject(exchange, new ProblemException(HttpStatus.CONFLICT, "idempotency-in-flight",
							"Request in progress", "A request with this Idempotency-Key is still being processed."));
				}
				return replay(exchange, stored);
			});
	}

	private Mono<Void> run(ServerWebExchange exchange, GatewayFilterChain chain, String redisKey, String fingerprint) {
		ServerHttpResponse original = exchange.getResponse();
		AtomicBoolean stored = new AtomicBoolean();
		ServerHttpResponseDecorator capturing = new ServerHttpResponseDecorator(original) {

			@Override
			public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
				return DataBufferUtils.join(Flux.from(body))
					.defaultIfEmpty(original.bufferFactory().wrap(new byte[0]))
					.flatMap((buffer) -> {
						byte[] bytes = new byte[buffer.readableByteCount()];
						buffer.read(bytes);
						DataBufferUtils.release(buffer);
						stored.set(true);
						// answer and store at once: see the class comment
						return Mono.when(complete(redisKey, fingerprint, original, bytes),
								super.writeWith(Mono.just(original.bufferFactory().wrap(bytes))));
					});
			}

			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				// streamed answers are not replayable: release the key
				stored.set(true);
				return release(redisKey).then(super.writeAndFlushWith(body));
			}

		};
		return chain.filter(exchange.mutate().response(capturing).build())
			.then(Mono
				.defer(() -> stored.get() ? Mono.empty() : complete(redisKey, fingerprint, original, new byte[0])))
			.onErrorResume((ex) -> release(redisKey).then(Mono.error(ex)));
	}

	private Mono<Void> complete(String redisKey, String fingerprint, ServerHttpResponse response, byte[] body) {
		HttpStatusCode status = response.getStatusCode();
		if (status == null || status.is5xxServerError() || body.length > this.properties.maxStoredBody()) {
			return release(redisKey);
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		response.getHeaders().forEach((name, values) -> {
			if (!NOT_REPLAYED.contains(name.toLowerCase(Locale.ROOT))) {
				headers.put(name, List.copyOf(values));
			}
		});
		StoredResponse done = new StoredResponse(StoredResponse.DONE, fingerprint, status.value(), headers,
				Base64.getEncoder().encodeToString(body));
		return this.redis.opsForValue()
			.set(redisKey, write(redisKey, done), this.properties.retention())
			.timeout(this.properties.redisTimeout())
			.then()
			.onErrorResume(IdempotencyGatewayFilterFactory::storeFailed);
	}

	/** Frees the key, so that a retry runs again. */
	private Mono<Void> release(String redisKey) {
		return this.redis.delete(redisKey)
			.timeout(this.properties.redisTimeout())
			.then()
			.onErrorResume(IdempotencyGatewayFilterFactory::storeFailed);
	}

	/**
	 * The client still gets the service's answer; the key stays in flight (a retry gets
	 * 409) until {@code inFlightTimeout}.
	 */
	private static Mono<Void> storeFailed(Throwable ex) {
		log.warn("Could not record the outcome of an Idempotency-Key request: {}", ex.toString());
		return Mono.empty();
	}

	private Mono<Void> replay(ServerWebExchange exchange, StoredResponse stored) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(stored.status()));
		stored.headers().forEach((name, values) -> response.getHeaders().put(name, values));
		response.getHeaders().set(REPLAYED, "true");
		byte[] body = Base64.getDecoder().decode(stored.body());
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private <T> Mono<T> reject(ServerWebExchange exchange, ProblemException problem) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		this.metrics.rejected("idempotency", (route != null) ? route.getId() : null);
		return Mono.error(problem);
	}

	private static String fingerprint(ServerWebExchange exchange) {
		byte[] body = RequestBodies.bytes(exchange);
		String target = exchange.getRequest().getMethod().name() + " " + exchange.getRequest().getURI().getRawPath()
				+ "?" + exchange.getRequest().getURI().getRawQuery() + "\n";
		byte[] head = target.getBytes(StandardCharsets.UTF_8);
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return Digests.sha256Hex(all);
	}

	private String write(String redisKey, StoredResponse stored) {
		byte[] sealed = this.box.encrypt(this.json.writeValueAsBytes(stored),
				redisKey.getBytes(StandardCharsets.UTF_8));
		return Base64.getEncoder().encodeToString(sealed);
	}

	/**
	 * An entry that does not open was sealed under a keyset this gateway lacks (replicas
	 * configured with different keysets): the request is refused, never run a second
	 * time.
	 */
	private Mono<StoredResponse> read(ServerWebExchange exchange, String redisKey, String value) {
		try {
			byte[] opened = this.box.decrypt(Base64.getDecoder().decode(value),
					redisKey.getBytes(StandardCharsets.UTF_8));
			return Mono.just(this.json.readValue(opened, StoredResponse.class));
		}
		catch (RuntimeException ex) {
			log.warn("An Idempotency-Key entry could not be opened (do all gateways share strata.crypto.keyset?): {}",
					ex.toString());
			return reject(exchange, new ProblemException(HttpStatus.CONFLICT, "idempotency-key-unreadable",
					"Idempotency-Key unreadable",
					"The answer kept for this Idempotency-Key cannot be read; send the request with a new key."));
		}
	}

}
