package io.strata.gateway.support;

import java.io.IOException;
import java.io.OutputStream;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import io.strata.testsupport.TestTokens;

/**
 * Identity's JWKS as the gateway sees it: the keys of test-support's {@link TestTokens}
 * plus keys of this ring, which tests add at run time to play a key rotation, and sign
 * tokens TestTokens does not make (not yet valid, other issuer, other audience). Counts
 * the JWKS fetches.
 */
public final class KeyRing {

	private final HttpServer server;

	private final List<JWK> testTokensKeys;

	private final List<RSAKey> ownKeys = new CopyOnWriteArrayList<>();

	private final AtomicInteger fetches = new AtomicInteger();

	private KeyRing(HttpServer server, List<JWK> testTokensKeys) {
		this.server = server;
		this.testTokensKeys = testTokensKeys;
	}

	public static KeyRing start(TestTokens tokens) {
		try {
			String jwks = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(tokens.jwksUri())).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			KeyRing ring = new KeyRing(server, JWKSet.parse(jwks).getKeys());
			ring.ownKeys.add(newKey());
			server.createContext("/jwks", (exchange) -> {
				ring.fetches.incrementAndGet();
				List<JWK> keys = new ArrayList<>(ring.testTokensKeys);
				ring.ownKeys.forEach((key) -> keys.add(key.toPublicJWK()));
				byte[] body = new JWKSet(keys).toString().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return ring;
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String jwksUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks";
	}

	public int fetches() {
		return this.fetches.get();
	}

	/** Publishes a new key (a rotation) and returns its id. */
	public RSAKey rotate() {
		RSAKey key = newKey();
		this.ownKeys.add(key);
		return key;
	}

	/** A token signed by the ring's first published key with the given claims. */
	public String sign(Map<String, Object> claims) {
		return sign(this.ownKeys.get(0), claims);
	}

	public static String sign(RSAKey key, Map<String, Object> claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.forEach(builder::claim);
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					builder.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Standard claims of a valid token of the tenant; tests override some. */
	public static Map<String, Object> claims(String tenant, String scope) {
		long now = Instant.now().getEpochSecond();
		return new java.util.HashMap<>(Map.of("iss", TestTokens.ISSUER, "aud", TestTokens.AUDIENCE, "sub",
				"user-" + UUID.randomUUID(), "tid", tenant, "scope", scope, "iat", now, "nbf", now, "exp", now + 300));
	}

	public static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public void stop() {
		this.server.stop(0);
	}

}
