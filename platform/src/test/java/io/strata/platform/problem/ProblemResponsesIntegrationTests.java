package io.strata.platform.problem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.strata.platform.PlatformIntegrationTest;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error a service answers is RFC 9457 problem+json with the trace id, and the
 * resource server rejects missing, expired and forged tokens, all through a real HTTP
 * server.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesIntegrationTests extends PlatformIntegrationTest {

	@Test
	void missingTokenIsUnauthorizedWithBearerChallenge() {
		this.client.get()
			.uri("/v2/things/boom")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/unauthorized");
	}

	@Test
	void expiredAndForgedTokensAreRejectedAsInvalid() {
		for (String token : new String[] { tokens.expiredToken("t1"), tokens.forgedToken("t1"), "not.a.jwt" }) {
			this.client.get()
				.uri("/v2/things/boom")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*");
		}
	}

	@Test
	void unknownPathIsNotFoundProblemWithTraceId() {
		this.client.get()
			.uri("/v2/nothing-here")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token("t1"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/not-found")
			.jsonPath("$.instance")
			.isEqualTo("/v2/nothing-here")
			.jsonPath("$.traceId")
			.isNotEmpty();
	}

	@Test
	void malformedJsonIsBadRequest() {
		post("{\"display_name\": ", MediaType.APPLICATION_JSON).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/malformed-body");
	}

	@Test
	void wrongContentTypeIsUnsupportedMediaType() {
		post("display_name=x", MediaType.TEXT_PLAIN).expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void wrongMethodIsMethodNotAllowed() {
		this.client.delete()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token("t1"))
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/method-not-allowed");
	}

	@Test
	void invalidFieldsAreListedAsJsonPointers() {
		post("{\"display_name\": \"\", \"priority\": 9}", MediaType.APPLICATION_JSON).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/validation")
			.jsonPath("$.errors[?(@.pointer == '/display_name')]")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/priority')]")
			.exists();
	}

	@Test
	void aStoreOutageIsUnavailableWithRetryAfterNotAnInternalError() {
		this.client.get()
			.uri("/v2/things/store-down")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token("t1"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "2")
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"type\":\"https://strata.io/problems/unavailable\"")
				.doesNotContain("15432"));
	}

	@Test
	void unexpectedErrorIsInternalProblemWithoutDetailsAndLoggedAsJsonWithTraceIds(CapturedOutput output) {
		this.client.get()
			.uri("/v2/things/boom")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token("t1"))
			.exchange()
			.expectStatus()
			.is5xxServerError()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"traceId\"")
				.doesNotContain("secret internal detail")
				.doesNotContain("IllegalStateException"));
		String logLine = output.getOut()
			.lines()
			.filter((line) -> line.contains("Unhandled error on /v2/things/boom"))
			.findFirst()
			.orElseThrow();
		assertThat(logLine).startsWith("{")
			.containsPattern("\"traceId\":\"[0-9a-f]{32}\"")
			.containsPattern("\"spanId\":\"[0-9a-f]{16}\"");
	}

	@Test
	void tenantComesFromTheTokensTidClaim() {
		post("{\"display_name\": \"lamp\", \"priority\": 2}", MediaType.APPLICATION_JSON).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.tenant_id")
			.isEqualTo("tenant-42");
	}

	private RestTestClient.ResponseSpec post(String body, MediaType contentType) {
		return this.client.post()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token("tenant-42"))
			.contentType(contentType)
			.body(body)
			.exchange();
	}

}
