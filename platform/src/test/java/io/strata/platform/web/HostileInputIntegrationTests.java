package io.strata.platform.web;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.strata.platform.PlatformIntegrationTest;
import io.strata.testsupport.HostileRequests;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Hostile input is the caller's fault: whatever arrives (odd content types, NUL
 * characters, null list elements, hundreds of headers) is answered 4xx as problem+json,
 * never with a 500 or a container's HTML page.
 */
class HostileInputIntegrationTests extends PlatformIntegrationTest {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "multipart/form-data", "multipart/form-data; boundary=x", "multipart/mixed",
			"application/x-www-form-urlencoded", "application/octet-stream", "text/plain" })
	void unsupportedContentTypeWithoutBodyIsUnsupportedMediaType(String contentType) {
		problem(this.client.post()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, bearer())
			.header(HttpHeaders.CONTENT_TYPE, contentType)
			.exchange(), 415, "unsupported-media-type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json; charset=nope", "application/json; charset=\"", "application/json;;=",
			"multipart/form-data; charset=x-unknown" })
	void unparsableContentTypeIsUnsupportedMediaType(String contentType) {
		HostileRequests.assertProblem(new HostileRequests(this.port, bearer()).send("POST", "/v2/things", contentType,
				"{\"display_name\": \"lamp\"}"), 415, "unsupported-media-type");
	}

	@Test
	void nulInThePathIsRefusedByTomcatAsProblem() {
		problem(this.client.get()
			.uri(URI.create("http://127.0.0.1:" + this.port + "/v2/things/a%00b"))
			.header(HttpHeaders.AUTHORIZATION, bearer())
			.exchange(), 400, "bad-request");
	}

	@Test
	void missingJsonBodyIsMalformed() {
		problem(this.client.post()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.exchange(), 400, "malformed-body");
	}

	@Test
	void nulInAJsonStringIsInvalidWithItsPointer() {
		problem(post("{\"display_name\": \"la\\u0000mp\"}"), 400, "validation").jsonPath("$.errors[0].pointer")
			.isEqualTo("/display_name");
		problem(post("{\"display_name\": \"lamp\", \"tags\": [\"ok\", \"b\\u0000d\"]}"), 400, "validation")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/tags/1");
	}

	@Test
	void nullListElementIsInvalidWithItsPointer() {
		problem(post("{\"display_name\": \"lamp\", \"tags\": [\"ok\", null]}"), 400, "validation")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/tags/1");
	}

	@Test
	void nulInAQueryParameterIsInvalid() {
		problem(this.client.get()
			.uri(URI.create("http://127.0.0.1:" + this.port + "/v2/things?name=a%00b"))
			.header(HttpHeaders.AUTHORIZATION, bearer())
			.exchange(), 400, "validation").jsonPath("$.errors[0].pointer").isEqualTo("/name");
	}

	@Test
	void hundredsOfHeadersAreRefusedAsProblem() {
		problem(this.client.get().uri("/v2/things").headers((headers) -> {
			headers.set(HttpHeaders.AUTHORIZATION, bearer());
			for (int i = 0; i < 300; i++) {
				headers.add("X-Hostile-" + i, "v");
			}
		}).exchange(), 400, "bad-request");
	}

	private RestTestClient.ResponseSpec post(String json) {
		return this.client.post()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange();
	}

	private static String bearer() {
		return "Bearer " + tokens.token("tenant-42");
	}

	static RestTestClient.BodyContentSpec problem(RestTestClient.ResponseSpec response, int status, String type) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/" + type)
			.jsonPath("$.traceId")
			.isNotEmpty();
	}

}
