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
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A token issuer for tests of resource servers: real RS256-signed JWTs and a real JWKS
 * endpoint on loopback, so the service under test fetches and verifies keys exactly as it
 * does against identity-service. Identity's own tests use the real authorization server
 * instead.
 */
public final class TestTokens implements AutoCloseable {

	public static final String ISSUER = "http://127.0.0.1/strata-test";

	private final RSAKey key;

	private final HttpServer server;

	private TestTokens(RSAKey key, HttpServer server) {
		this.key = key;
		this.server = server;
	}

	/** Starts a JWKS endpoint on a free loopback port. */
	public static TestTokens start() {
		try {
			RSAKey key = newKey();
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(jwks);
				}
			});
			server.start();
			return new TestTokens(key, server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String jwksUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks";
	}

	/** A valid token for the tenant, with the given scopes, for five minutes. */
	public String token(String tenantId, String... scopes) {
		return sign(this.key, claims(tenantId, scopes, Instant.now(), Duration.ofMinutes(5)));
	}

	public String expiredToken(String tenantId) {
		return sign(this.key,
				claims(tenantId, new String[0], Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(5)));
	}

	/** A well-formed token signed by a key the JWKS does not publish. */
	public String forgedToken(String tenantId) {
		return sign(newKey(), claims(tenantId, new String[0], Instant.now(), Duration.ofMinutes(5)));
	}

	private static JWTClaimsSet claims(String tenantId, String[] scopes, Instant issuedAt, Duration lifetime) {
		return new JWTClaimsSet.Builder().issuer(ISSUER)
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
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
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

	@Override
	public void close() {
		this.server.stop(0);
	}

}
