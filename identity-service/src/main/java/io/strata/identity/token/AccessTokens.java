package io.strata.identity.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.UUID;

import io.strata.identity.config.IdentityProperties;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * The one shape of a Strata access token, whoever asked for it (the authorization
 * server's token endpoint through {@link StrataTokenCustomizer}, or the first-party
 * sign-in API): {@code sub}, {@code tid}, {@code scope} (space-separated, RFC 9068),
 * {@code roles}, {@code azp}, {@code jti}, {@code aud} (the platform's APIs, for every
 * client), signed by the current key named in {@code kid}.
 */
@Component
public class AccessTokens {

	public static final String TENANT = "tid";

	public static final String ROLES = "roles";

	public static final String AUTHORIZED_PARTY = "azp";

	/** The session (refresh-token family) a first-party sign-in token belongs to. */
	public static final String SESSION = "sid";

	/** The {@code azp} of tokens issued by the first-party sign-in API. */
	public static final String FIRST_PARTY = "strata-first-party";

	private final KeyRing keys;

	private final JwtEncoder encoder;

	private final IdentityProperties properties;

	AccessTokens(KeyRing keys, JwtEncoder encoder, IdentityProperties properties) {
		this.keys = keys;
		this.encoder = encoder;
		this.properties = properties;
	}

	/**
	 * Issues an access token outside the token endpoint: for a user of the first-party
	 * sign-in API, or standing for an API key.
	 */
	public Jwt issue(String subject, String tenantId, Collection<String> scopes, Collection<String> roles,
			String authorizedParty) {
		return issue(subject, tenantId, scopes, roles, authorizedParty, Map.of());
	}

	/**
	 * As {@link #issue(String, String, Collection, Collection, String)}, with more
	 * claims.
	 */
	public Jwt issue(String subject, String tenantId, Collection<String> scopes, Collection<String> roles,
			String authorizedParty, Map<String, Object> moreClaims) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.properties.issuer())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(this.properties.tokens().accessTokenTtl()))
			.subject(subject);
		strataClaims(claims, tenantId, scopes, roles, authorizedParty);
		moreClaims.forEach(claims::claim);
		JwsHeader.Builder header = JwsHeader.with(SignatureAlgorithm.RS256);
		signingHeader(header);
		return this.encoder.encode(JwtEncoderParameters.from(header.build(), claims.build()));
	}

	void strataClaims(JwtClaimsSet.Builder claims, String tenantId, Collection<String> scopes, Collection<String> roles,
			String authorizedParty) {
		// plain ArrayLists: the authorization server stores claims as JSON and reads back
		// only allow-listed types
		claims.id(UUID.randomUUID().toString())
			.audience(new ArrayList<>(List.of(this.properties.tokens().audience())))
			.claim(TENANT, tenantId)
			.claim("scope", String.join(" ", scopes))
			.claim(ROLES, new ArrayList<>(roles))
			.claim(AUTHORIZED_PARTY, authorizedParty);
	}

	/** Names the current key, so the encoder signs with it and verifiers find it. */
	void signingHeader(JwsHeader.Builder header) {
		SigningKey current = this.keys.current();
		header.algorithm(jwsAlgorithm(current.algorithm())).keyId(current.kid());
	}

	/**
	 * Spring's algorithm constants stop at RS/ES/PS: EdDSA travels as a plain named
	 * algorithm, which {@link KeyRingJwtEncoder} hands to Nimbus by name.
	 */
	static JwsAlgorithm jwsAlgorithm(String name) {
		SignatureAlgorithm standard = SignatureAlgorithm.from(name);
		return (standard != null) ? standard : new NamedJwsAlgorithm(name);
	}

	private record NamedJwsAlgorithm(String name) implements JwsAlgorithm {

		@Override
		public String getName() {
			return this.name;
		}

	}

	long ttlSeconds() {
		return this.properties.tokens().accessTokenTtl().toSeconds();
	}

}
