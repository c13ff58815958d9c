package io.strata.gateway.security;

import java.util.List;

import io.strata.proto.identity.v1.ResolveApiKeyResponse;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An API key ({@code sk_…}): unresolved as it arrives, resolved once identity vouched for
 * it.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final String apiKey;

	private final ResolveApiKeyResponse resolved;

	private ApiKeyAuthentication(String apiKey, ResolveApiKeyResponse resolved) {
		super((resolved != null) ? resolved.getScopesList()
			.stream()
			.map((scope) -> new SimpleGrantedAuthority("SCOPE_" + scope))
			.toList() : List.of());
		this.apiKey = apiKey;
		this.resolved = resolved;
		setAuthenticated(resolved != null);
	}

	static ApiKeyAuthentication unresolved(String apiKey) {
		return new ApiKeyAuthentication(apiKey, null);
	}

	static ApiKeyAuthentication resolved(String apiKey, ResolveApiKeyResponse resolved) {
		return new ApiKeyAuthentication(apiKey, resolved);
	}

	String apiKey() {
		return this.apiKey;
	}

	ResolveApiKeyResponse resolved() {
		return this.resolved;
	}

	@Override
	public Object getCredentials() {
		return this.apiKey;
	}

	@Override
	public Object getPrincipal() {
		return (this.resolved != null) ? this.resolved.getKeyId() : null;
	}

	@Override
	public String getName() {
		return (this.resolved != null) ? this.resolved.getSubject() : "";
	}

}
