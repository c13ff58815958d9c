package io.strata.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A servlet resource server accepts access tokens whichever algorithm identity signs them
 * with (RS256, ES256, EdDSA), fetching the keys from the JWKS over HTTP, and rejects
 * tokens no published key signed, unsigned ones, and forged ones even once the JWKS
 * refresh rate limit is reached.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@StrataServers({ Server.POSTGRES, Server.KAFKA })
class SignatureAlgorithmsIntegrationTests {

	static final TestTokens tokens = TestTokens.start();

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		tokens.trustedBy(registry);
	}

	@AfterAll
	static void stopIssuer() {
		tokens.close();
	}

	@Autowired
	RestTestClient client;

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void tokensSignedWithEachAlgorithmAreAccepted(String algorithm) {
		String tenant = "tenant-" + algorithm;
		create(tokens.tokenSignedWith(JWSAlgorithm.parse(algorithm), tenant)).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.tenant_id")
			.isEqualTo(tenant);
	}

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void tokensSignedByAnUnpublishedKeyUnderAPublishedKidAreRejected(String algorithm) {
		expectInvalid(tokens.forgedTokenSignedWith(JWSAlgorithm.parse(algorithm), "t1"));
	}

	@Test
	void unsignedTokenWithAlgNoneAndUnknownAlgorithmsAreRejected() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String valid = tokens.tokenSignedWith(JWSAlgorithm.EdDSA, "t1");
		String unknown = base64.encodeToString("{\"alg\":\"XYZ\"}".getBytes(StandardCharsets.UTF_8));
		expectInvalid(unknown + valid.substring(valid.indexOf('.')));
		long now = Instant.now().getEpochSecond();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = base64.encodeToString(("{\"iss\":\"" + TestTokens.ISSUER + "\",\"sub\":\"x\",\"tid\":\"t1\","
				+ "\"iat\":" + now + ",\"exp\":" + (now + 300) + "}")
			.getBytes(StandardCharsets.UTF_8));
		expectInvalid(header + "." + payload + ".");
	}

	@Test
	void unknownKidsStayInvalidTokensOnceTheJwksRefreshIsRateLimited() {
		// each unknown kid asks for a JWKS refresh; past two per 30 s the source refuses
		for (int i = 0; i < 4; i++) {
			expectInvalid(tokens.forgedToken("t1"));
		}
		create(tokens.tokenSignedWith(JWSAlgorithm.EdDSA, "t1")).expectStatus().isCreated();
	}

	private RestTestClient.ResponseSpec create(String token) {
		return this.client.post()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"display_name\": \"lamp\", \"priority\": 2}")
			.exchange();
	}

	private void expectInvalid(String token) {
		create(token).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
