package io.strata.identity;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.testsupport.ApiDocumentRules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity's own OpenAPI document keeps the API contract (issue 14): the platform's
 * rules, the operation ids the SDKs use, and SCIM documented as SCIM.
 */
class IdentityApiDocumentTests extends IdentityIntegrationTest {

	private static final String COMPONENTS = "#/components/schemas/";

	private String text;

	private JsonNode document;

	@BeforeEach
	void fetch() {
		this.text = ApiDocumentRules.document(this.client);
		this.document = JsonMapper.builder().build().readTree(this.text);
	}

	@Test
	void everyV2OperationKeepsTheContract() {
		assertThat(ApiDocumentRules.violations(this.text)).isEmpty();
	}

	@Test
	void theOperationsAppsCallHaveTheirFixedIds() {
		List<String> ids = new ArrayList<>();
		this.document.path("paths")
			.values()
			.forEach((item) -> item.values()
				.forEach((operation) -> ids.add(operation.path("operationId").asString(""))));
		assertThat(ids).contains("login", "verifyMfa", "refreshToken", "logout", "requestPasswordReset",
				"confirmPasswordReset", "listUsers", "createUser", "getUser", "updateUser", "deleteUser", "listApiKeys",
				"createApiKey", "revokeApiKey", "listClients", "createClient", "deleteClient");
	}

	@Test
	void scimIsDocumentedAsScim() {
		JsonNode list = this.document.at("/paths/~1scim~1v2~1Users/get");
		assertThat(list.path("operationId").asString()).isEqualTo("scimListUsers");
		assertThat(list.at("/responses/200/content/application~1scim+json/schema/$ref").asString())
			.startsWith(COMPONENTS);
		this.document.at("/paths").propertyNames().forEach((path) -> assertThat(path).doesNotContain("**"));
	}

}
