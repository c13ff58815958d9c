package io.strata.identity.token;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.client.OAuthClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a client sees of the token endpoint's shortcuts (registered clients kept in
 * memory, client_credentials grants not stored): a deleted client gets no token at once
 * on the instance that deleted it and within moments on another (told by PostgreSQL), and
 * introspection and revocation of client_credentials tokens work as when every grant was
 * stored.
 */
class ClientCredentialsIntegrationTests extends IdentityIntegrationTest {

	/**
	 * Well under the clients' cache lifetime (10 s by default): a change seen within it
	 * was told, not waited out.
	 */
	private static final Duration TOLD = Duration.ofSeconds(3);

	@Autowired
	OAuthClients clients;

	@Test
	void aDeletedClientGetsNoTokenAtOnce() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = register(tenant);
		assertThat(clientCredentials(client.clientId(), client.clientSecret(), null)).containsKey("access_token");

		this.clients.delete(tenant.id(), "test", client.clientId());

		requestToken(client).expectStatus().isUnauthorized();
	}

	@Test
	void aClientDeletedByAnotherInstanceGetsNoTokenOnceThatIsTold() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = register(tenant);
		assertThat(clientCredentials(client.clientId(), client.clientSecret(), null)).containsKey("access_token");

		// as another instance of identity would: its own memory is not this one's
		this.jdbc.update("DELETE FROM oauth2_registered_client WHERE client_id = ?", client.clientId());

		await().atMost(TOLD)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> requestToken(client).expectStatus().isUnauthorized());
	}

	/**
	 * The connection that listens for changes breaks (here: PostgreSQL ends it): the
	 * instance listens again on a new one and is told of later changes as before.
	 */
	@Test
	void aBrokenListeningConnectionIsReplaced() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = register(tenant);
		List<Integer> broken = listeners();
		assertThat(broken).isNotEmpty();
		this.jdbc.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY (?)",
				(Object) broken.toArray(Integer[]::new));
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> listeners().stream().anyMatch((pid) -> !broken.contains(pid)));
		assertThat(clientCredentials(client.clientId(), client.clientSecret(), null)).containsKey("access_token");

		this.jdbc.update("DELETE FROM oauth2_registered_client WHERE client_id = ?", client.clientId());

		await().atMost(TOLD)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> requestToken(client).expectStatus().isUnauthorized());
	}

	/** The server processes of the connections listening for changes of cached rows. */
	private List<Integer> listeners() {
		return this.jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
				+ " AND query = 'LISTEN identity_cache' AND pid <> pg_backend_pid()", Integer.class);
	}

	@Test
	void aClientCredentialsGrantIsNotStoredYetIntrospectsAndRevokes() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = register(tenant);
		String token = clientCredentials(client.clientId(), client.clientSecret(), null).get("access_token").toString();
		assertThat(storedAuthorizations(client)).isZero();

		Map<String, Object> active = introspect(client, token);
		assertThat(active).containsEntry("active", true)
			.containsEntry("client_id", client.clientId())
			.containsEntry("sub", client.clientId())
			.containsEntry("tid", tenant.id())
			.containsEntry("scope", "resources.read")
			.containsEntry("token_type", "Bearer")
			.containsKeys("exp", "iat", "jti");

		// another tenant's client cannot revoke it
		OAuthClients.ClientCredentials stranger = register(newTenant());
		revoke(stranger, token).expectStatus().is4xxClientError();
		assertThat(introspect(client, token)).containsEntry("active", true);

		revoke(client, token).expectStatus().isOk();
		assertThat(introspect(client, token)).containsEntry("active", false);
		// the revocation is what is stored, once
		assertThat(storedAuthorizations(client)).isOne();
		revoke(client, token).expectStatus().isOk();
		assertThat(storedAuthorizations(client)).isOne();
		// the client's other tokens stay active
		String other = clientCredentials(client.clientId(), client.clientSecret(), null).get("access_token").toString();
		assertThat(introspect(client, other)).containsEntry("active", true);
	}

	@Test
	void aDeletedClientsTokensAreInactiveAndGarbageIsNoToken() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = register(tenant);
		OAuthClients.ClientCredentials introspector = register(tenant);
		String token = clientCredentials(client.clientId(), client.clientSecret(), null).get("access_token").toString();
		assertThat(introspect(introspector, token)).containsEntry("active", true);

		this.clients.delete(tenant.id(), "test", client.clientId());

		assertThat(introspect(introspector, token)).containsEntry("active", false);
		assertThat(introspect(introspector, "not-a-token")).containsEntry("active", false);
		// a valid signature over another token's claims is no token either
		String tampered = token.substring(0, token.indexOf('.') + 1) + "e30" + token.substring(token.lastIndexOf('.'));
		assertThat(introspect(introspector, tampered)).containsEntry("active", false);
	}

	private OAuthClients.ClientCredentials register(TestTenant tenant) {
		return this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "backend", Set.of("resources.read")));
	}

	private long storedAuthorizations(OAuthClients.ClientCredentials client) {
		return this.jdbc.queryForObject("""
				SELECT count(*) FROM oauth2_authorization a JOIN oauth2_registered_client c
				ON c.id = a.registered_client_id WHERE c.client_id = ?""", Long.class, client.clientId());
	}

	private RestTestClient.ResponseSpec requestToken(OAuthClients.ClientCredentials client) {
		return this.client.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(client.clientId(), client.clientSecret()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("grant_type", "client_credentials"))
			.exchange();
	}

	private RestTestClient.ResponseSpec revoke(OAuthClients.ClientCredentials client, String token) {
		return this.client.post()
			.uri("/oauth2/revoke")
			.headers((headers) -> headers.setBasicAuth(client.clientId(), client.clientSecret()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("token", token))
			.exchange();
	}

}
