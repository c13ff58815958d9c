package io.strata.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests sent as they are written (raw content types, percent-encoded NUL,
 * hundreds of headers), which typed test clients would normalise or refuse to send, and
 * the assertion every answer to them must pass: a 4xx problem+json document. Register it
 * as an extension to aim it, before each test, at the test context's server:
 * {@code @RegisterExtension final HostileRequests requests = HostileRequests.toTestServer(() -> bearer(newTenant()));}
 */
public final class HostileRequests implements BeforeEachCallback {

	private final HttpClient http = HttpClient.newHttpClient();

	private final Supplier<String> authorizations;

	private String base;

	private String authorization;

	/**
	 * @param port the service's port on 127.0.0.1
	 * @param authorization the {@code Authorization} header to send
	 */
	public HostileRequests(int port, String authorization) {
		this.base = "http://127.0.0.1:" + port;
		this.authorization = authorization;
		this.authorizations = () -> authorization;
	}

	private HostileRequests(Supplier<String> authorizations) {
		this.authorizations = authorizations;
	}

	/**
	 * An extension that sends, in each test, to the test context's server (its
	 * {@code local.server.port}) with the {@code Authorization} header the supplier gives
	 * for that test.
	 */
	public static HostileRequests toTestServer(Supplier<String> authorization) {
		return new HostileRequests(authorization);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		Integer port = SpringExtension.getApplicationContext(context)
			.getEnvironment()
			.getRequiredProperty("local.server.port", Integer.class);
		this.base = "http://127.0.0.1:" + port;
		this.authorization = this.authorizations.get();
	}

	/** A request with the given content type and body ({@code null} for none). */
	public HttpResponse<String> send(String method, String pathAndQuery, String contentType, String body) {
		BodyPublisher publisher = (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody();
		HttpRequest.Builder request = request(pathAndQuery).method(method, publisher);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	/** A GET with {@code count} extra headers. */
	public HttpResponse<String> withHeaders(String pathAndQuery, int count) {
		HttpRequest.Builder request = request(pathAndQuery).GET();
		for (int i = 0; i < count; i++) {
			request.header("X-Hostile-" + i, "v");
		}
		return send(request);
	}

	/** Asserts a problem+json answer with this status and problem type. */
	public static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"type\":\"https://strata.io/problems/" + type + "\"")
			.contains("\"traceId\"");
	}

	private HttpRequest.Builder request(String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create(this.base + pathAndQuery)).header("Authorization", this.authorization);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
