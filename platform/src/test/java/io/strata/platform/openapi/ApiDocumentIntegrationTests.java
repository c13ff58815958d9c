package io.strata.platform.openapi;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.PlatformIntegrationTest;
import io.strata.testsupport.ApiDocumentRules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service's OpenAPI document says what the wire says: snake_case names, record
 * components required unless nullable, the route's scopes, the platform's problem answers
 * and headers.
 */
class ApiDocumentIntegrationTests extends PlatformIntegrationTest {

	private JsonNode document;

	@BeforeEach
	void fetch() {
		this.document = JsonMapper.builder().build().readTree(ApiDocumentRules.document(this.client));
	}

	@Test
	void recordsAreDocumentedWithTheirWireNamesRequiredUnlessNullable() {
		JsonNode widget = this.document.at("/components/schemas/Widget");
		assertThat(names(widget.get("properties"))).containsExactly("id", "display_name", "note", "attributes",
				"created_at");
		assertThat(texts(widget.get("required"))).containsExactlyInAnyOrder("id", "display_name", "attributes",
				"created_at");
		assertThat(texts(widget.at("/properties/note/type"))).containsExactlyInAnyOrder("string", "null");
		assertThat(widget.at("/properties/attributes").isEmpty()).as("any JSON value").isTrue();
		JsonNode page = this.document.at("/components/schemas/PageWidget");
		assertThat(texts(page.get("required"))).containsExactly("items");
		assertThat(texts(page.at("/properties/next_page_token/type"))).containsExactlyInAnyOrder("string", "null");
	}

	@Test
	void operationsNameTheScopesOfTheRouteTable() {
		JsonNode get = this.document.at("/paths/~1v2~1resources~1{id}/get");
		assertThat(texts(get.at("/security/0/oauth2"))).containsExactly("resources.read", "resources.write");
		assertThat(texts(this.document.at("/paths/~1v2~1resources~1{id}/patch/security/0/oauth2")))
			.containsExactly("resources.write");
		assertThat(this.document.at("/paths/~1v2~1auth~1login/post/security").isEmpty()).as("public route").isTrue();
		assertThat(this.document.at("/components/securitySchemes/oauth2/flows/clientCredentials/tokenUrl").asString())
			.endsWith("/oauth2/token");
	}

	@Test
	void errorsAreProblemsAndHeadersFollowTheConventions() {
		JsonNode get = this.document.at("/paths/~1v2~1resources~1{id}/get");
		assertThat(names(get.get("responses"))).contains("200", "401", "403", "404", "429").doesNotContain("412");
		assertThat(get.at("/responses/404/$ref").asString()).isEqualTo("#/components/responses/NotFound");
		assertThat(names(get.at("/responses/200/headers"))).contains("ETag", "RateLimit", "RateLimit-Policy");
		JsonNode patch = this.document.at("/paths/~1v2~1resources~1{id}/patch");
		assertThat(names(patch.get("responses"))).contains("409", "412", "422").doesNotContain("428");
		assertThat(patch.get("parameters").valueStream().map((parameter) -> parameter.get("name").asString()))
			.contains("If-Match", "Idempotency-Key");
		assertThat(this.document.at("/components/responses/NotFound/content/application~1problem+json/schema/$ref")
			.asString()).isEqualTo("#/components/schemas/Problem");
		assertThat(names(this.document.at("/components/responses/TooManyRequests/headers"))).contains("Retry-After");
		JsonNode list = this.document.at("/paths/~1v2~1resources/get/parameters");
		// a PageRequest parameter is page_size and page_token where the method declares
		// it
		assertThat(list.valueStream().map((parameter) -> parameter.get("name").asString())).containsExactly("filter",
				"page_size", "page_token", "order_by");
		assertThat(list.get(1).at("/schema/maximum").asInt()).isEqualTo(500);
		assertThat(list.get(1).at("/schema/type").asString()).isEqualTo("integer");
		assertThat(list.get(2).at("/schema/type").asString()).isEqualTo("string");
		assertThat(list.get(2).get("in").asString()).isEqualTo("query");
		assertThat(this.document.at("/info/version").asString()).isEqualTo("2.0.0");
		assertThat(names(this.document.at("/paths/~1v2~1resources~1{id}/get/responses/200/content")))
			.containsExactly("application/json");
	}

	private static List<String> names(JsonNode node) {
		return new ArrayList<>(node.propertyNames());
	}

	private static List<String> texts(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
