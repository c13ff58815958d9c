package io.strata.gateway.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the edge must refuse itself, with or without a token, as problem+json:
 * unparsable content types and charsets, NUL in query parameters, hundreds of headers
 * (security issue item 9).
 */
class HostileRequestsIntegrationTests extends GatewayIntegrationTest {

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@ParameterizedTest
	@ValueSource(strings = { "application/json; charset=nope", "application/json; charset=\"", "application/json;;=",
			"text/plain; charset=x-unknown-99" })
	void unparsableContentTypeIsUnsupportedMediaTypeWithoutAToken(String contentType) throws Exception {
		for (String path : new String[] { "/v2/auth/login", "/v2/resources", "/v2/nowhere" }) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", contentType)
				.POST(BodyPublishers.ofString("{\"email\": \"a@example.com\"}")));
			assertProblem(response, 415, "unsupported-media-type");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v2/auth/login?x=a%00b", "/v2/resources?filter=%00" })
	void nulInAQueryParameterIsInvalid(String pathAndQuery) throws Exception {
		assertProblem(send(HttpRequest.newBuilder(uri(pathAndQuery)).GET()), 400, "validation");
	}

	@ParameterizedTest
	@ValueSource(ints = { 300, 2000 })
	void hundredsOfHeadersAreAProblem(int headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v2/auth/login")).GET();
		for (int i = 0; i < headers; i++) {
			request.header("X-Hostile-" + i, "v");
		}
		HttpResponse<String> response = send(request);
		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"traceId\"");
	}

	private URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"type\":\"https://strata.io/problems/" + type + "\"")
			.contains("\"traceId\"");
	}

}
