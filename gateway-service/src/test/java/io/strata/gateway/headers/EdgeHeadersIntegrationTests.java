package io.strata.gateway.headers;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the edge adds and removes on the way in and out: internal headers dropped, request
 * id and trace context added, security headers on answers, CORS for configured origins
 * only.
 */
class EdgeHeadersIntegrationTests extends GatewayIntegrationTest {

	@Test
	void clientSuppliedInternalHeadersNeverReachTheService() {
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.header("X-Tenant-Id", "someone-else")
			.header("X-Internal-Caller", "billing")
			.header("x-strata-admin", "true")
			.header("X-Custom", "kept")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers['x-tenant-id']")
			.doesNotExist()
			.jsonPath("$.headers['x-internal-caller']")
			.doesNotExist()
			.jsonPath("$.headers['x-strata-admin']")
			.doesNotExist()
			.jsonPath("$.headers['x-custom']")
			.isEqualTo("kept");
	}

	@Test
	void forwardedHostAndSchemeComeFromTheGatewayNotTheClient() {
		// the services believe these headers from the gateway (links, OpenAPI server
		// URLs)
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.header("X-Forwarded-For", "6.6.6.6")
			.header("X-Forwarded-Host", "evil.example")
			.header("X-Forwarded-Proto", "https")
			.header("Forwarded", "host=evil.example;proto=https")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers['x-forwarded-host']")
			.value((String host) -> assertThat(host).doesNotContain("evil").startsWith("localhost"))
			.jsonPath("$.headers['x-forwarded-proto']")
			.isEqualTo("http")
			// the client's own address, which identity's per-address login throttle keys
			// on
			.jsonPath("$.headers['x-forwarded-for']")
			.isEqualTo("127.0.0.1")
			.jsonPath("$.headers['forwarded']")
			.doesNotExist();
	}

	@Test
	void requestIdAndTraceContextAreForwardedAndEchoed() {
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("X-Request-Id")
			.expectBody()
			.jsonPath("$.headers['x-request-id']")
			.isNotEmpty()
			.jsonPath("$.headers['traceparent']")
			.value((String traceparent) -> assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));

		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.header("X-Request-Id", "client-id-42")
			.exchange()
			.expectHeader()
			.valueEquals("X-Request-Id", "client-id-42");
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.header("X-Request-Id", "evil\tvalue with spaces")
			.exchange()
			.expectHeader()
			.value("X-Request-Id", (id) -> assertThat(id).doesNotContain(" "));
	}

	@Test
	void securityHeadersAndNoStoreOnTokenAnswers() {
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.exchange()
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			// plain HTTP here: HSTS only goes out over TLS
			.expectHeader()
			.doesNotExist("Strict-Transport-Security");
		this.client.post()
			.uri("/oauth2/token")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
	}

	@Test
	void corsPreflightOnlyForConfiguredOrigins() {
		this.client.options()
			.uri("/v2/resources")
			.header(HttpHeaders.ORIGIN, "https://app.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,idempotency-key")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example.com");
		this.client.options()
			.uri("/v2/resources")
			.header(HttpHeaders.ORIGIN, "https://evil.example.com")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

}
