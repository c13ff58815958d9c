package io.strata.platform.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.strata.platform.PlatformIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import static io.strata.platform.web.HostileInputIntegrationTests.problem;

/**
 * A list's {@link PageRequest} parameter reads {@code page_size} and {@code page_token}
 * from the query as every list documents them: 50 by default, 1 to 500, a token this
 * platform issued; anything else is a 400 problem naming the parameter.
 */
class PageRequestIntegrationTests extends PlatformIntegrationTest {

	@Test
	void noParametersAskForTheFirstPageOfFifty() {
		get("").expectStatus().isOk().expectBody().jsonPath("$.size").isEqualTo(50).jsonPath("$.after").isEmpty();
	}

	@Test
	void aTokenThisPlatformIssuedStandsForItsPosition() {
		get("?page_size=500&page_token=" + PageRequests.token("res_42")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.size")
			.isEqualTo(500)
			.jsonPath("$.after")
			.isEqualTo("res_42");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "501", "-1", "ten", "1.5", "99999999999" })
	void aSizeOutOfRangeOrNotANumberIsInvalid(String size) {
		problem(get("?page_size=" + size), 400, "validation").jsonPath("$.errors[0].pointer").isEqualTo("/page_size");
	}

	@ParameterizedTest
	@ValueSource(strings = { "res_42", "cmVzXzQy", "%00" })
	void aTokenThisPlatformDidNotIssueIsInvalid(String token) {
		problem(get("?page_token=" + token), 400, "validation").jsonPath("$.errors[0].pointer")
			.isEqualTo("/page_token");
	}

	private RestTestClient.ResponseSpec get(String query) {
		return this.client.get()
			.uri("/v2/things/pages" + query)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token("tenant-42"))
			.exchange();
	}

}
