package io.strata.analytics;

import org.junit.jupiter.api.Test;

import io.strata.testsupport.ApiDocumentRules;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's own OpenAPI document keeps the platform's contract rules. */
class ApiDocumentTests extends AnalyticsIntegrationTest {

	@Test
	void everyV2OperationKeepsTheContract() {
		String document = ApiDocumentRules.document(this.client);
		assertThat(ApiDocumentRules.violations(document)).isEmpty();
	}

}
