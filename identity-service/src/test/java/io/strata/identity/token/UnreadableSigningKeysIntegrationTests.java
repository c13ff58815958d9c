package io.strata.identity.token;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.client.OAuthClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Signing keys that the configured key set cannot decrypt (the service started with
 * another {@code STRATA_CRYPTO_KEYSET} than the one the keys were created under, or the
 * rows were tampered with): the JWKS still publishes the public keys, so issued tokens
 * keep verifying; issuing a token answers 503 with a problem that says why instead of a
 * 500; readiness is down with the same reason; and once the right key set is back,
 * everything works again.
 */
class UnreadableSigningKeysIntegrationTests extends IdentityIntegrationTest {

	@Autowired
	KeyRing keyRing;

	@Autowired
	OAuthClients clients;

	private List<Map<String, Object>> saved;

	@Test
	void unreadableKeysAnswer503AndReadinessDownNot500() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "backend", Set.of("identity.admin")));
		this.saved = this.jdbc.queryForList("SELECT kid, private_key FROM signing_keys");
		// what another key set's ciphertext looks like to this one: AES-GCM fails to
		// authenticate it
		this.jdbc.update("UPDATE signing_keys SET private_key = overlay(private_key placing '\\x00'::bytea from 20)");
		this.keyRing.reload();

		this.client.get()
			.uri("/oauth2/jwks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.keys[0].kid")
			.exists();
		this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", tenant.adminEmail(), "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/signing-keys-unreadable");
		this.client.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(client.clientId(), client.clientSecret()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("grant_type", "client_credentials"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/signing-keys-unreadable");
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("DOWN");

		restore();
		this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", tenant.adminEmail(), "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	@AfterEach
	void restore() {
		if (this.saved != null) {
			for (Map<String, Object> row : this.saved) {
				this.jdbc.update("UPDATE signing_keys SET private_key = ? WHERE kid = ?", row.get("private_key"),
						row.get("kid"));
			}
			this.saved = null;
			this.keyRing.reload();
		}
	}

}
