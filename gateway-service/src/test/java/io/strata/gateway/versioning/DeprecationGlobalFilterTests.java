package io.strata.gateway.versioning;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.FilterExchanges;
import io.strata.gateway.support.FilterExchanges.RecordingChain;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class DeprecationGlobalFilterTests {

	private final DeprecationGlobalFilter filter = new DeprecationGlobalFilter();

	@Test
	void aDeprecatedRouteAnswersWithItsMarks() {
		MockServerWebExchange exchange = FilterExchanges.routed(MockServerHttpRequest.get("/v1/things"),
				Map.of("deprecated", "2025-01-01T00:00:00Z", "sunset", "2026-12-31T00:00:00Z", "migration",
						"https://docs.strata.io/migrations/v3"));
		RecordingChain chain = new RecordingChain();
		this.filter.filter(exchange, chain).block(Duration.ofSeconds(5));
		HttpHeaders headers = exchange.getResponse().getHeaders();
		assertThat(headers.getFirst("Deprecation")).isEqualTo("@1735689600");
		assertThat(headers.getFirst("Sunset")).isEqualTo("Thu, 31 Dec 2026 00:00:00 GMT");
		assertThat(headers.getFirst(HttpHeaders.LINK))
			.isEqualTo("<https://docs.strata.io/migrations/v3>; rel=\"deprecation\"; type=\"text/html\"");
		assertThat(chain.passed()).isSameAs(exchange);
	}

	@Test
	void otherRoutesAndUnparsableMarksAddNothing() {
		MockServerWebExchange exchange = FilterExchanges.routed(MockServerHttpRequest.get("/v2/things"),
				Map.of("deprecated", "soon", "migration", "https://docs.strata.io/migrations/v3"));
		this.filter.filter(exchange, new RecordingChain()).block(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().getHeaders().containsHeader("Deprecation")).isFalse();
		assertThat(exchange.getResponse().getHeaders().containsHeader(HttpHeaders.LINK)).isFalse();
	}

}
