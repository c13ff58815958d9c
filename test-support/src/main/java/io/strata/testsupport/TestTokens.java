package io.strata.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A token issuer for tests of resource servers: real RS256-signed JWTs and a real JWKS
 * endpoint on loopback, so the service under test fetches and verifies keys exactly as it
 * does against identity-service. The JWKS also publishes an ES256 (P-256) and an EdDSA
 * (Ed25519) key, the other algorithms identity can sign with ({@link #tokenSignedWith}).
 * Identity's own tests use the real authorization server instead.
 */
public final class TestTokens implements AutoCloseable {

	public static final String ISSUER = "http://127.0.0.1/strata-test";

	/**
	 * The {@code aud} of the platform's access tokens
	 * ({@code strata.security.audiences}).
	 */
	public static final String AUDIENCE = "strata";

	private final RSAKey key;

	private final ECKey ecKey;

	private final OctetKeyPair edKey;

	private final HttpServer server;

	private TestTokens(RSAKey key, ECKey ecKey, OctetKeyPair edKey, HttpServer server) {
		this.key = key;
		this.ecKey = ecKey;
		this.edKey = edKey;
		this.server = server;
	}

	/** Starts a JWKS endpoint on a free loopback port. */
	public static TestTokens start() {
		try {
			RSAKey key = newKey();
			ECKey ecKey = (ECKey) newKey(JWSAlgorithm.ES256);
			OctetKeyPair edKey = (OctetKeyPair) newKey(JWSAlgorithm.EdDSA);
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] jwks = new JWKSet(List.of(key.toPublicJWK(), ecKey.toPublicJWK(), edKey.toPublicJWK())).toString()
				.getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(jwks);
				}
			});
			server.start();
			return new TestTokens(key, ecKey, edKey, server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Makes the test's application trust this issuer (its JWKS and issuer), from a
	 * {@code @DynamicPropertySource} method.
	 */
	public void trustedBy(DynamicPropertyRegistry registry) {
		registry.add("strata.security.jwks-uri", this::jwksUri);
		registry.add("strata.security.issuer", () -> ISSUER);
	}

	public String jwksUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks";
	}

	/** A valid token for the tenant, with the given scopes, for five minutes. */
	public String token(String tenantId, String... scopes) {
		return sign(this.key, claims(tenantId, scopes, Instant.now(), Duration.ofMinutes(5)));
	}

	/**
	 * A token of one person ({@code sub}) signed in through one app ({@code azp}): two
	 * people of the same app share the {@code azp}, each keeps their {@code sub}.
	 */
	public String tokenFor(String tenantId, String subject, String authorizedParty, String... scopes) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(tenantId, scopes, Instant.now(), Duration.ofMinutes(5)))
			.subject(subject)
			.claim("azp", authorizedParty)
			.build();
		return sign(this.key, claims);
	}

	/** A valid token for the tenant with these roles (instead of {@code member}). */
	public String tokenWithRoles(String tenantId, List<String> roles, String... scopes) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(tenantId, scopes, Instant.now(), Duration.ofMinutes(5)))
			.claim("roles", roles)
			.build();
		return sign(this.key, claims);
	}

	public String expiredToken(String tenantId) {
		return sign(this.key,
				claims(tenantId, new String[0], Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(5)));
	}

	/** A well-formed token signed by a key the JWKS does not publish. */
	public String forgedToken(String tenantId) {
		return sign(newKey(), claims(tenantId, new String[0], Instant.now(), Duration.ofMinutes(5)));
	}

	/**
	 * A valid token for the tenant, with the given scopes, for five minutes, signed with
	 * the published key of the algorithm: {@code RS256} (as {@link #token}),
	 * {@code ES256} or {@code EdDSA}.
	 */
	public String tokenSignedWith(JWSAlgorithm algorithm, String tenantId, String... scopes) {
		return sign(publishedKey(algorithm), algorithm, claims(tenantId, scopes, Instant.now(), Duration.ofMinutes(5)));
	}

	/**
	 * A well-formed token of the algorithm that names the published key's {@code kid} but
	 * is signed by another key of the same type: only the signature check can reject it.
	 */
	public String forgedTokenSignedWith(JWSAlgorithm algorithm, String tenantId) {
		JWK other = newKey(algorithm);
		JWK impostor = switch (other) {
			case RSAKey rsa -> new RSAKey.Builder(rsa).keyID(publishedKey(algorithm).getKeyID()).build();
			case ECKey ec -> new ECKey.Builder(ec).keyID(publishedKey(algorithm).getKeyID()).build();
			case OctetKeyPair okp -> new OctetKeyPair.Builder(okp).keyID(publishedKey(algorithm).getKeyID()).build();
			default -> throw new IllegalArgumentException(algorithm.getName());
		};
		return sign(impostor, algorithm, claims(tenantId, new String[0], Instant.now(), Duration.ofMinutes(5)));
	}

	private JWK publishedKey(JWSAlgorithm algorithm) {
		if (JWSAlgorithm.RS256.equals(algorithm)) {
			return this.key;
		}
		if (JWSAlgorithm.ES256.equals(algorithm)) {
			return this.ecKey;
		}
		if (JWSAlgorithm.EdDSA.equals(algorithm)) {
			return this.edKey;
		}
		throw new IllegalArgumentException("No test key for " + algorithm + ": RS256, ES256 or EdDSA");
	}

	private static JWTClaimsSet claims(String tenantId, String[] scopes, Instant issuedAt, Duration lifetime) {
		return new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(AUDIENCE)
			.subject("user-" + UUID.randomUUID())
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(issuedAt))
			.notBeforeTime(Date.from(issuedAt))
			.expirationTime(Date.from(issuedAt.plus(lifetime)))
			.claim("tid", tenantId)
			.claim("scope", String.join(" ", scopes))
			.claim("roles", List.of("member"))
			.build();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		return sign(key, JWSAlgorithm.RS256, claims);
	}

	private static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) {
		try {
			JWSSigner signer = switch (key) {
				case RSAKey rsa -> new RSASSASigner(rsa);
				case ECKey ec -> new ECDSASigner(ec);
				case OctetKeyPair okp -> new Ed25519Signer(okp);
				default -> throw new IllegalArgumentException(key.getKeyType().getValue());
			};
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWK newKey(JWSAlgorithm algorithm) {
		String kid = UUID.randomUUID().toString();
		try {
			if (JWSAlgorithm.RS256.equals(algorithm)) {
				return newKey();
			}
			if (JWSAlgorithm.ES256.equals(algorithm)) {
				return new ECKeyGenerator(Curve.P_256).keyID(kid)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.ES256)
					.generate();
			}
			if (JWSAlgorithm.EdDSA.equals(algorithm)) {
				return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.EdDSA)
					.generate();
			}
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		throw new IllegalArgumentException("No test key for " + algorithm + ": RS256, ES256 or EdDSA");
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
