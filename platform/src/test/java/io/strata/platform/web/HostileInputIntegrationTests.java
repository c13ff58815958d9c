package io.strata.platform.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input is the caller's fault: whatever arrives (odd content types, NUL
 * characters, null list elements, hundreds of headers) is answered 4xx as problem+json,
 * never with a 500 or a container's HTML page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@StrataServers({ Server.POSTGRES, Server.KAFKA })
class HostileInputIntegrationTests {

	static final TestTokens tokens = TestTokens.start();

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("strata.security.jwks-uri", tokens::jwksUri);
	}

	@AfterAll
	static void stopIssuer() {
		tokens.close();
	}

	@Autowired
	RestTestClient client;

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	String base;

	@BeforeEach
	void base() {
		this.base = "http://127.0.0.1:" + this.port;
	}

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
	void unparsableContentTypeIsUnsupportedMediaType(String contentType) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.base + "/v2/things"))
			.header(HttpHeaders.AUTHORIZATION, bearer())
			.header(HttpHeaders.CONTENT_TYPE, contentType)
			.POST(BodyPublishers.ofString("{\"display_name\": \"lamp\"}"))
			.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"type\":\"https://strata.io/problems/unsupported-media-type\"")
			.contains("\"traceId\"");
	}

	@Test
	void nulInThePathIsRefusedByTomcatAsProblem() {
		problem(this.client.get()
			.uri(URI.create(this.base + "/v2/things/a%00b"))
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
			.uri(URI.create(this.base + "/v2/things?name=a%00b"))
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
