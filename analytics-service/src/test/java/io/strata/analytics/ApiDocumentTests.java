package io.strata.analytics;

import org.junit.jupiter.api.Test;

import io.strata.testsupport.ApiDocumentRules;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's own OpenAPI document keeps the platform's contract rules. */
class ApiDocumentTests extends AnalyticsIntegrationTest {

	@Test
	void everyV2OperationKeepsTheContract() {
		String document = this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(ApiDocumentRules.violations(document)).isEmpty();
	}

}
