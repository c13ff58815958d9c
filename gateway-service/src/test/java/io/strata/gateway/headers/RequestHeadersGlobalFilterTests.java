package io.strata.gateway.headers;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.FilterExchanges.RecordingChain;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class RequestHeadersGlobalFilterTests {

	private final RequestHeadersGlobalFilter filter = new RequestHeadersGlobalFilter(new EdgeHeadersProperties(
			List.of("X-Tenant-Id", "X-Forwarded-For"), List.of("X-Internal-"), List.of("/oauth2/token"), List.of()));

	@Test
	void headersOnlyThePlatformSetsAreDroppedWhateverTheirCase() {
		RecordingChain chain = new RecordingChain();
		this.filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/v2/resources")
			.header("x-tenant-id", "someone-else")
			.header("X-Internal-Caller", "workflow")
			.header("X-Forwarded-For", "10.0.0.1")
			.header("Accept", "application/json")), chain).block(Duration.ofSeconds(5));
		HttpHeaders passed = chain.passed().getRequest().getHeaders();
		assertThat(passed.containsHeader("X-Tenant-Id")).isFalse();
		assertThat(passed.containsHeader("X-Internal-Caller")).isFalse();
		assertThat(passed.containsHeader("X-Forwarded-For")).isFalse();
		assertThat(passed.getFirst("Accept")).isEqualTo("application/json");
	}

	@Test
	void aPlainClientIdIsKeptForwardedAndEchoed() {
		RecordingChain chain = new RecordingChain();
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/v2/resources").header("X-Request-Id", "client-42:a.b"));
		this.filter.filter(exchange, chain).block(Duration.ofSeconds(5));
		assertThat(chain.passed().getRequest().getHeaders().getFirst("X-Request-Id")).isEqualTo("client-42:a.b");
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Request-Id")).isEqualTo("client-42:a.b");
	}

	@Test
	void anUnsafeOrMissingIdIsReplacedByAFreshOne() {
		RecordingChain chain = new RecordingChain();
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/v2/resources").header("X-Request-Id", "a\" onload=\"x"));
		this.filter.filter(exchange, chain).block(Duration.ofSeconds(5));
		String given = chain.passed().getRequest().getHeaders().getFirst("X-Request-Id");
		assertThat(given).matches("[0-9a-f-]{36}");
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Request-Id")).isEqualTo(given);
		RecordingChain other = new RecordingChain();
		this.filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/v2/resources")), other)
			.block(Duration.ofSeconds(5));
		assertThat(other.passed().getRequest().getHeaders().getFirst("X-Request-Id")).matches("[0-9a-f-]{36}")
			.isNotEqualTo(given);
	}

	@Test
	void newRequestIdsAreDistinctVersion4Uuids() {
		java.util.Set<String> ids = new java.util.HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = RequestHeadersGlobalFilter.newRequestId();
			java.util.UUID uuid = java.util.UUID.fromString(id);
			assertThat(uuid.version()).isEqualTo(4);
			assertThat(uuid.variant()).isEqualTo(2);
			assertThat(uuid.toString()).isEqualTo(id);
			ids.add(id);
		}
		assertThat(ids).hasSize(10_000);
	}

}
