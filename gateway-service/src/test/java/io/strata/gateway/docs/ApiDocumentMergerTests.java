package io.strata.gateway.docs;

import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ApiDocumentMergerTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final ObjectNode INFO = JsonNodeFactory.instance.objectNode().put("title", "Strata API");

	@Test
	void unitesPathsAndKeepsSharedComponentsOnce() {
		JsonNode merged = ApiDocumentMerger.merge(documents("""
				{"openapi":"3.1.0","paths":{"/v2/things":{"get":{"operationId":"listThings",
				  "responses":{"200":{"$ref":"#/components/responses/Ok"}}}}},
				 "components":{"schemas":{"Problem":{"type":"object"}},"responses":{"Ok":{"description":"ok"}}}}
				""", """
				{"openapi":"3.1.0","paths":{"/v2/things":{"post":{"operationId":"createThing"}}},
				 "components":{"schemas":{"Problem":{"type":"object"}}}}
				"""), INFO);
		assertThat(merged.at("/paths/~1v2~1things").propertyNames()).containsExactly("get", "post");
		assertThat(merged.at("/components/schemas").propertyNames()).containsExactly("Problem");
		assertThat(merged.at("/info/title").asString()).isEqualTo("Strata API");
	}

	@Test
	void keepsDifferentComponentsOfTheSameNameApartAndRewritesReferences() {
		JsonNode merged = ApiDocumentMerger.merge(documents("""
				{"paths":{},"components":{"schemas":{"Thing":{"type":"object","properties":{"a":{"type":"string"}}}}}}
				""", """
				{"paths":{"/v2/b":{"get":{"responses":{"200":{"content":{"application/json":{"schema":
				  {"$ref":"#/components/schemas/Thing"}}}}}}}},
				 "components":{"schemas":{"Thing":{"type":"object","properties":{"b":{"type":"string"}}}}}}
				"""), INFO);
		assertThat(merged.at("/components/schemas").propertyNames()).containsExactly("BetaThing", "Thing");
		assertThat(merged.at("/paths/~1v2~1b/get/responses/200/content/application~1json/schema/$ref").asString())
			.isEqualTo("#/components/schemas/BetaThing");
	}

	@Test
	void refusesTwoServicesAnsweringTheSameRoute() {
		assertThatIllegalStateException().isThrownBy(() -> ApiDocumentMerger.merge(documents("""
				{"paths":{"/v2/things":{"get":{}}}}
				""", """
				{"paths":{"/v2/things":{"get":{}}}}
				"""), INFO)).withMessageContaining("GET /v2/things");
	}

	private static SortedMap<String, JsonNode> documents(String alpha, String beta) {
		SortedMap<String, JsonNode> documents = new TreeMap<>();
		documents.put("alpha", json.readTree(alpha));
		documents.put("beta", json.readTree(beta));
		return documents;
	}

}
