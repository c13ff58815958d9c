package io.strata.platform.security;

import java.io.IOException;
import java.net.ServerSocket;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * When identity's keys cannot be fetched (identity down, a timeout under load), a
 * well-formed token cannot be checked: the caller gets a 503 problem with
 * {@code Retry-After}, not a 500 and not a 401 that would tell it to drop a good token.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@StrataServers({ Server.POSTGRES, Server.KAFKA })
class UnreachableKeysIntegrationTests {

	static final TestTokens tokens = TestTokens.start();

	@DynamicPropertySource
	static void unreachableJwks(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("strata.security.jwks-uri", () -> "http://127.0.0.1:" + closedPort + "/oauth2/jwks");
		registry.add("strata.security.issuer", () -> TestTokens.ISSUER);
	}

	@AfterAll
	static void stopIssuer() {
		tokens.close();
	}

	@Autowired
	RestTestClient client;

	@Test
	void aTokenThatCannotBeCheckedIsAnsweredServiceUnavailableWithRetryAfter() {
		this.client.post()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.tokenSignedWith(JWSAlgorithm.RS256, "t1"))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"display_name\": \"lamp\", \"priority\": 2}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.detail")
			.value((detail) -> org.assertj.core.api.Assertions.assertThat(detail.toString())
				.doesNotContain("127.0.0.1"));
	}

	@Test
	void aMalformedTokenIsStillUnauthorized() {
		this.client.get()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not-a-jwt")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

}
