package io.strata.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.sdk.FakeServer.Reply;

class AuthTest {

	private static final String RESOURCE = "{\"id\":\"r1\"}";

	private FakeServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeServer();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private static Reply token(String token) {
		return Reply.json(200, "{\"access_token\":\"" + token
				+ "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"resources.read\"}");
	}

	@Test
	void clientCredentialsFetchesATokenOnceAndReusesIt() {
		this.server.then(token("t1")).then(Reply.json(200, RESOURCE)).then(Reply.json(200, RESOURCE));
		Strata strata = Strata.builder().baseUrl(this.server.url()).clientCredentials("cli_1", "s3cr:et").build();
		strata.resources().get("r1");
		strata.resources().get("r1");
		FakeServer.Recorded tokenRequest = this.server.requests.get(0);
		assertEquals("/oauth2/token", tokenRequest.path());
		assertEquals("grant_type=client_credentials", tokenRequest.body());
		assertEquals("application/x-www-form-urlencoded", tokenRequest.header("Content-Type"));
		assertEquals("Basic " + Base64.getEncoder().encodeToString("cli_1:s3cr%3Aet".getBytes(StandardCharsets.UTF_8)),
				tokenRequest.header("Authorization"));
		assertNull(tokenRequest.header("Idempotency-Key"));
		assertEquals(1, this.server.requests("/oauth2/token").size());
		assertEquals("Bearer t1", this.server.requests.get(1).header("Authorization"));
		assertEquals("Bearer t1", this.server.requests.get(2).header("Authorization"));
	}

	@Test
	void anExpiredTokenIsReplacedAfterA401() {
		this.server.then(token("t1"))
			.then(Reply.problem(401, "{\"title\":\"Unauthorized\",\"status\":401}"))
			.then(token("t2"))
			.then(Reply.json(200, RESOURCE));
		Strata strata = Strata.builder().baseUrl(this.server.url()).clientCredentials("cli_1", "secret").build();
		assertEquals("r1", strata.resources().get("r1").getId());
		assertEquals("Bearer t2", this.server.requests.get(3).header("Authorization"));
	}

	@Test
	void wrongClientCredentialsGiveAnAuthenticationError() {
		this.server.then(Reply.json(401, "{\"error\":\"invalid_client\"}"));
		Strata strata = Strata.builder().baseUrl(this.server.url()).clientCredentials("cli_1", "wrong").build();
		assertThrows(AuthenticationException.class, () -> strata.resources().get("r1"));
	}

	@Test
	void apiKeyGoesInXApiKey() {
		this.server.then(Reply.json(200, RESOURCE));
		Strata.builder().baseUrl(this.server.url()).apiKey("sk_live_1").build().resources().get("r1");
		assertEquals("sk_live_1", this.server.requests.get(0).header("X-API-Key"));
		assertNull(this.server.requests.get(0).header("Authorization"));
	}

	@Test
	void bearerTokenGoesInAuthorization() {
		this.server.then(Reply.json(200, RESOURCE));
		Strata.builder().baseUrl(this.server.url() + "/").bearerToken("eyJ").build().resources().get("r1");
		assertEquals("Bearer eyJ", this.server.requests.get(0).header("Authorization"));
		assertEquals("/v2/resources/r1", this.server.requests.get(0).path());
	}

	@Test
	void theBuilderWantsABaseUrlAndCredentials() {
		assertThrows(IllegalStateException.class, () -> Strata.builder().apiKey("k").build());
		assertThrows(IllegalStateException.class, () -> Strata.builder().baseUrl("http://x").build());
	}

}
