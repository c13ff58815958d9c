package io.strata.gateway.graphql;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.proto.analytics.v1.SearchResourcesRequest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Query.resources(query:, mode:)}: the text and the mode reach analytics' search
 * as {@code q} and {@code mode} (keyword by default), and analytics' refusal of a ranked
 * search without text comes back as {@code BAD_USER_INPUT}.
 */
class GraphQlSearchIntegrationTests extends GatewayIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void searchesByTextInTheModeAsked() {
		String tenant = newTenant();
		GRAPHQL_BACKENDS.defineType(tenant, "ticket");
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(tenant, "resources.write"));
		for (String title : List.of("printer jammed", "printer out of toner", "vpn down")) {
			graphQl
				.document("mutation($title: String!) { createResource(input: {type: \"ticket\","
						+ " attributes: {title: $title}}) { id } }")
				.variable("title", title)
				.executeAndVerify();
		}

		assertThat(graphQl.document("{ resources(query: \"printer\") { nodes { attributes } } }")
			.execute()
			.path("resources.nodes[*].attributes.title")
			.entityList(String.class)
			.get()).containsExactlyInAnyOrder("printer jammed", "printer out of toner");
		assertThat(lastSearch(tenant).getQ()).isEqualTo("printer");
		assertThat(lastSearch(tenant).getMode()).isEqualTo("keyword");

		for (String mode : List.of("SEMANTIC", "HYBRID")) {
			graphQl
				.document("query($mode: SearchMode) { resources(query: \"vpn\", mode: $mode, first: 5)"
						+ " { nodes { id } pageInfo { hasNextPage } } }")
				.variable("mode", mode)
				.execute()
				.path("resources.nodes")
				.entityList(Object.class)
				.hasSize(1)
				.path("resources.pageInfo.hasNextPage")
				.entity(Boolean.class)
				.isEqualTo(false);
			assertThat(lastSearch(tenant).getMode()).isEqualTo(mode.toLowerCase());
			assertThat(lastSearch(tenant).getPageSize()).isEqualTo(5);
		}

		graphQl.document("{ resources(mode: SEMANTIC) { nodes { id } } }")
			.execute()
			.errors()
			.expect((error) -> "BAD_USER_INPUT".equals(error.getExtensions().get("code"))
					&& error.getMessage().contains("needs a query"))
			.verify();
		graphQl.document("{ resources(mode: FUZZY) { nodes { id } } }")
			.execute()
			.errors()
			.expect((error) -> "GRAPHQL_VALIDATION_FAILED".equals(error.getExtensions().get("code")))
			.verify();
	}

	private static SearchResourcesRequest lastSearch(String tenant) {
		return GRAPHQL_BACKENDS.searches.stream()
			.filter((search) -> search.getTenantId().equals(tenant))
			.reduce((first, second) -> second)
			.orElseThrow();
	}

	private HttpGraphQlTester graphQl(String token) {
		return HttpGraphQlTester
			.builder(WebTestClient.bindToServer()
				.responseTimeout(Duration.ofSeconds(30))
				.baseUrl("http://127.0.0.1:" + this.port + "/graphql"))
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.build();
	}

}
