package io.strata.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import reactor.core.publisher.Mono;

import io.strata.gateway.grpc.GrpcMono;
import io.strata.platform.crypto.Digests;
import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.identity.v1.ResolveApiKeyRequest;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Resolves API keys through identity's {@code ResolveApiKey}, cached briefly by the key's
 * hash: a known key for {@code apiKeyCacheTtl} (so a revoked key stops working within it)
 * but never past {@code accessTokenExpiresAt - apiKeyTokenMargin} (the access token
 * identity minted for the key is what the services get, and it must still be valid when
 * they check it); an unknown one for {@code apiKeyNegativeCacheTtl} (so guessing keys
 * does not reach identity on every request). Identity being down is a 503, never cached.
 * <p>
 * A key identity vouches for but without a usable access token (none, or already expired)
 * is rejected with 401 ({@link ApiKeyWithoutAccessTokenException}): forwarding the
 * long-lived {@code sk_} secret instead would spread it to every service, which accept
 * only JWTs anyway. It is a 401 rather than a 503 because retrying does not help until
 * identity is fixed; the detail says so and the gateway logs it.
 */
final class ApiKeys implements ReactiveAuthenticationManager {

	private final IdentityServiceGrpc.IdentityServiceStub identity;

	private final Duration deadline;

	private final AsyncCache<String, Optional<ResolveApiKeyResponse>> cache;

	ApiKeys(IdentityServiceGrpc.IdentityServiceStub identity, EdgeAuthProperties properties) {
		this.identity = identity;
		this.deadline = properties.grpcDeadline();
		Duration known = properties.apiKeyCacheTtl();
		Duration unknown = properties.apiKeyNegativeCacheTtl();
		Duration margin = properties.apiKeyTokenMargin();
		this.cache = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfter(Expiry.<String, Optional<ResolveApiKeyResponse>>creating((key,
					value) -> value.map((resolved) -> timeToKeep(resolved, known, unknown, margin)).orElse(unknown)))
			.buildAsync();
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof ApiKeyAuthentication apiKey)) {
			return Mono.empty();
		}
		return Mono
			.fromFuture(() -> this.cache.get(Digests.sha256Hex(apiKey.apiKey()),
					(hash, executor) -> resolve(apiKey.apiKey()).toFuture()), true)
			.flatMap((resolved) -> resolved.filter(ApiKeys::notExpired)
				.map((key) -> hasAccessToken(key)
						? Mono.<Authentication>just(ApiKeyAuthentication.resolved(apiKey.apiKey(), key))
						: Mono.<Authentication>error(new ApiKeyWithoutAccessTokenException(key.getKeyId())))
				.orElseGet(() -> Mono.error(new InvalidBearerTokenException("Unknown, revoked or expired API key"))));
	}

	/**
	 * How long a resolution may be reused: the configured time, cut short by the expiry
	 * of the access token (less a margin, so a cached token never reaches a service about
	 * to expire); a resolution without a usable token only as long as an unknown key.
	 */
	static Duration timeToKeep(ResolveApiKeyResponse resolved, Duration known, Duration unknown, Duration margin) {
		if (!hasAccessToken(resolved)) {
			return unknown;
		}
		if (!resolved.hasAccessTokenExpiresAt()) {
			return known;
		}
		Duration usable = Duration.between(Instant.now(), instant(resolved.getAccessTokenExpiresAt())).minus(margin);
		if (usable.isNegative()) {
			return Duration.ZERO;
		}
		return (usable.compareTo(known) < 0) ? usable : known;
	}

	private static boolean hasAccessToken(ResolveApiKeyResponse key) {
		return !key.getAccessToken().isBlank()
				&& (!key.hasAccessTokenExpiresAt() || instant(key.getAccessTokenExpiresAt()).isAfter(Instant.now()));
	}

	private static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	private Mono<Optional<ResolveApiKeyResponse>> resolve(String apiKey) {
		ResolveApiKeyRequest request = ResolveApiKeyRequest.newBuilder().setApiKey(apiKey).build();
		return GrpcMono
			.<ResolveApiKeyResponse>unary(
					(observer) -> this.identity.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS)
						.resolveApiKey(request, observer))
			.map(Optional::of)
			.onErrorResume(StatusRuntimeException.class, (ex) -> switch (ex.getStatus().getCode()) {
				case NOT_FOUND, PERMISSION_DENIED, UNAUTHENTICATED, INVALID_ARGUMENT -> Mono.just(Optional.empty());
				default -> Mono.error(new AuthenticationServiceException(
						"Identity could not resolve the API key: " + Status.fromThrowable(ex).getCode(), ex));
			});
	}

	private static boolean notExpired(ResolveApiKeyResponse key) {
		return !key.hasExpiresAt() || instant(key.getExpiresAt()).isAfter(Instant.now());
	}

}
