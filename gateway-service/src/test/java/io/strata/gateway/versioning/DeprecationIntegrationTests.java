package io.strata.gateway.versioning;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.http.HttpHeaders;

/** A route marked deprecated in its metadata announces it on every answer. */
class DeprecationIntegrationTests extends GatewayIntegrationTest {

	@Test
	void deprecatedRouteSendsDeprecationSunsetAndMigrationLink() {
		this.client.get()
			.uri("/test/deprecated/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Deprecation", "@1735689600")
			.expectHeader()
			.valueEquals("Sunset", "Thu, 31 Dec 2026 00:00:00 GMT")
			.expectHeader()
			.valueEquals(HttpHeaders.LINK,
					"<https://docs.strata.io/migrations/v3>; rel=\"deprecation\"; type=\"text/html\"");
	}

	@Test
	void otherRoutesDoNot() {
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.exchange()
			.expectHeader()
			.doesNotExist("Deprecation")
			.expectHeader()
			.doesNotExist("Sunset");
	}

}
