package io.strata.gateway.security;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.support.FilterExchanges;
import io.strata.gateway.support.FilterExchanges.RecordingChain;
import io.strata.platform.problem.ProblemException;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteScopeGlobalFilterTests {

	private static final Map<String, Object> SCOPED = Map.of("read-scopes", "things.read things.write", "write-scopes",
			"things.write");

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RouteScopeGlobalFilter filter = new RouteScopeGlobalFilter(new EdgeMetrics(this.meters));

	@Test
	void aCallerWithOneOfTheRoutesScopesPasses() {
		RecordingChain chain = new RecordingChain();
		MockServerWebExchange exchange = FilterExchanges.routed(MockServerHttpRequest.get("/things/1"), SCOPED,
				"tenant-1", "things.read");
		this.filter.filter(exchange, chain).block(Duration.ofSeconds(5));
		assertThat(chain.passed()).isSameAs(exchange);
	}

	@Test
	void aCallerWithoutIsForbiddenAndCounted() {
		RecordingChain chain = new RecordingChain();
		MockServerWebExchange exchange = FilterExchanges.routed(MockServerHttpRequest.post("/things"), SCOPED,
				"tenant-1", "things.read");
		assertThatThrownBy(() -> this.filter.filter(exchange, chain).block(Duration.ofSeconds(5)))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> assertThat(ex.status().value()).isEqualTo(403));
		assertThat(chain.passed()).isNull();
		assertThat(this.meters.counter("strata.gateway.rejections", "reason", "auth", "route", "test-route").count())
			.isEqualTo(1);
	}

	@Test
	void theCallerOfAScopedRouteMustBeAuthenticated() {
		MockServerWebExchange exchange = FilterExchanges.routed(MockServerHttpRequest.get("/things/1"), SCOPED);
		assertThatThrownBy(() -> this.filter.filter(exchange, new RecordingChain()).block(Duration.ofSeconds(5)))
			.isInstanceOf(ProblemException.class);
	}

	@Test
	void aRouteWithoutScopesOnlyNeedsTheChainsAuthentication() {
		RecordingChain chain = new RecordingChain();
		MockServerWebExchange exchange = FilterExchanges.routed(MockServerHttpRequest.get("/things/1"), Map.of());
		this.filter.filter(exchange, chain).block(Duration.ofSeconds(5));
		assertThat(chain.passed()).isSameAs(exchange);
	}

}
