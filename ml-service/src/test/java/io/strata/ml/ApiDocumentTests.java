package io.strata.ml;

import org.junit.jupiter.api.Test;

import io.strata.testsupport.ApiDocumentRules;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's own OpenAPI document keeps the platform's contract rules. */
class ApiDocumentTests extends MlIntegrationTest {

	@Test
	void everyV2OperationKeepsTheContract() {
		String document = ApiDocumentRules.document(this.client);
		assertThat(document).contains("createEmbeddings").contains("listModels").contains("listModelVersions");
		assertThat(ApiDocumentRules.violations(document)).isEmpty();
	}

}
