package io.strata.gateway.graphql;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Query.metrics} against {@link io.strata.gateway.support.GraphQlBackends} (a
 * stand-in for analytics' {@code MetricsService}; the real one is tested in
 * analytics-service): counts and values per interval, null values kept, the service's
 * pointers, and analytics.read checked at the edge.
 */
class GraphQlMetricsIntegrationTests extends GatewayIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void answersCountsAndValuesPerInterval() {
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(newTenant(), "analytics.read"));
		graphQl.document("""
				{ metrics(interval: "1h", groupBy: "type") { metric groupBy total timestamps counts
				  series { key total counts } } }""")
			.execute()
			.path("metrics.metric")
			.entity(String.class)
			.isEqualTo("event_count")
			.path("metrics.groupBy")
			.entity(String.class)
			.isEqualTo("type")
			.path("metrics.timestamps")
			.entityList(String.class)
			.containsExactly("2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z")
			.path("metrics.counts")
			.entityList(Double.class)
			.containsExactly(1.0, 0.0)
			.path("metrics.series[0].key")
			.entity(String.class)
			.isEqualTo("resource.created");
		graphQl.document("{ metrics(metric: \"workflow_duration\") { series { key overall values counts } } }")
			.execute()
			.path("metrics.series[0]")
			.entity(MAP)
			.satisfies((series) -> assertThat(series).containsEntry("key", "p95")
				.containsEntry("overall", 1250.0)
				.containsEntry("values", Arrays.asList(1250.0, null))
				.containsEntry("counts", null));
	}

	@Test
	void refusesAnUnknownMetricWithThePointerAndACallerWithoutAnalyticsRead() {
		graphQl(TOKENS.token(newTenant(), "analytics.read")).document("{ metrics(metric: \"nope\") { total } }")
			.execute()
			.errors()
			.satisfy((errors) -> assertThat(errors).singleElement()
				.satisfies((error) -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
					.containsEntry("errors", List.of(Map.of("pointer", "/metric", "message",
							"one of [event_count, workflow_duration, webhook_success_rate]")))));
		graphQl(TOKENS.token(newTenant(), "resources.read")).document("{ metrics { total } }")
			.execute()
			.errors()
			.satisfy((errors) -> assertThat(errors).singleElement()
				.satisfies((error) -> assertThat(error.getMessage())
					.isEqualTo("This route needs one of the scopes: analytics.read")));
	}

	private static final Class<Map<String, Object>> MAP = mapType();

	@SuppressWarnings("unchecked")
	private static Class<Map<String, Object>> mapType() {
		return (Class<Map<String, Object>>) (Class<?>) Map.class;
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
