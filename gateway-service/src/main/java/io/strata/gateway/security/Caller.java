package io.strata.gateway.security;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import io.strata.platform.tenant.TenantContext;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who sent a request, as the edge policies key it: rate limits are scoped by tenant and
 * client (an app's users share its budget), idempotency keys by tenant and principal (one
 * person's key is unknown to everyone else, even in the same app).
 *
 * @param tenantId the token's {@code tid} or the API key's tenant; {@code -} when none
 * @param clientId the OAuth client ({@code azp}/{@code client_id}), the API key id, or
 * the remote address of an anonymous caller
 * @param principal who authenticated: {@code sub:} and the token's subject (the user id
 * for a user's token, the client id for a client_credentials token), {@code key:} and the
 * API key id, or the remote address of an anonymous caller
 * @param subject the user or key owner
 * @param scopes granted scopes
 * @param authenticated false on public routes called without credentials
 */
public record Caller(String tenantId, String clientId, String principal, String subject, Set<String> scopes,
		boolean authenticated) {

	static final String NO_TENANT = "-";

	/** Exchange attribute keeping the caller once worked out. */
	private static final String ATTRIBUTE = Caller.class.getName();

	/**
	 * The caller of this exchange, from the security context the edge chain set. Worked
	 * out once per request (rate limit, validation and idempotency all ask; a mutated
	 * exchange shares its attributes).
	 */
	public static Mono<Caller> of(ServerWebExchange exchange) {
		Caller known = exchange.getAttribute(ATTRIBUTE);
		if (known != null) {
			return Mono.just(known);
		}
		return exchange.getPrincipal()
			.filter(Authentication.class::isInstance)
			.map(Authentication.class::cast)
			.filter(Authentication::isAuthenticated)
			.flatMap((authentication) -> Mono.justOrEmpty(from(authentication)))
			.switchIfEmpty(Mono.fromSupplier(() -> anonymous(exchange)))
			.doOnNext((caller) -> exchange.getAttributes().put(ATTRIBUTE, caller));
	}

	/**
	 * The caller an authentication stands for (a verified JWT or a resolved API key), or
	 * {@code null} for any other: for handlers outside the gateway's routes (GraphQL),
	 * which see the authentication but not the routes' exchange attribute.
	 */
	public static Caller from(Authentication authentication) {
		if (authentication instanceof JwtAuthenticationToken jwt) {
			var token = jwt.getToken();
			String tenant = orElse(token.getClaimAsString(TenantContext.TENANT_CLAIM), NO_TENANT);
			String client = orElse(token.getClaimAsString("azp"),
					orElse(token.getClaimAsString("client_id"), orElse(token.getSubject(), "unknown")));
			String scope = orElse(token.getClaimAsString("scope"), "");
			Set<String> scopes = Arrays.stream(scope.split(" "))
				.filter((value) -> !value.isBlank())
				.collect(Collectors.toUnmodifiableSet());
			String principal = "sub:" + orElse(token.getSubject(), client);
			return new Caller(tenant, client, principal, token.getSubject(), scopes, true);
		}
		if (authentication instanceof ApiKeyAuthentication apiKey && apiKey.resolved() != null) {
			var key = apiKey.resolved();
			String keyId = "key:" + key.getKeyId();
			return new Caller(orElse(key.getTenantId(), NO_TENANT), keyId, keyId, key.getSubject(),
					Set.copyOf(key.getScopesList()), true);
		}
		return null;
	}

	static Caller anonymous(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
				: "unknown";
		return new Caller(NO_TENANT, "ip:" + address, "ip:" + address, null, Set.of(), false);
	}

	private static String orElse(String value, String fallback) {
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
