package io.strata.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.strata.platform.problem.ProblemException;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodiesTests {

	@Test
	void theBodyIsReadOnceIntoTheGatewaysCacheAndReplayed() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/v2/things").body("{\"a\":1}"));
		ServerWebExchange cached = RequestBodies.cache(exchange, 1024).block(Duration.ofSeconds(5));
		assertThat(exchange.<Object>getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR)).isNotNull();
		assertThat(new String(RequestBodies.bytes(cached), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
		// the service still gets the whole body, and a second policy the same cache
		assertThat(body(cached)).isEqualTo("{\"a\":1}");
		assertThat(RequestBodies.cache(cached, 1024).block(Duration.ofSeconds(5))).isSameAs(cached);
		assertThat(new String(RequestBodies.bytes(cached), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
	}

	@Test
	void anEmptyBodyIsNoBytes() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v2/things"));
		ServerWebExchange cached = RequestBodies.cache(exchange, 1024).block(Duration.ofSeconds(5));
		assertThat(RequestBodies.bytes(cached)).isEmpty();
	}

	@Test
	void aBodyOverTheLimitIs413EvenWithoutContentLength() {
		byte[] big = new byte[2048];
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v2/things")
			.body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(big),
					DefaultDataBufferFactory.sharedInstance.wrap(big))));
		assertThatThrownBy(() -> RequestBodies.cache(exchange, 3000).block(Duration.ofSeconds(5)))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> assertThat(ex.status().value()).isEqualTo(413));
	}

	@Test
	void aDeclaredLengthOverTheLimitIs413BeforeReading() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/v2/things").contentLength(5000).body("{}"));
		assertThatThrownBy(() -> RequestBodies.cache(exchange, 3000).block(Duration.ofSeconds(5)))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> assertThat(ex.status().value()).isEqualTo(413));
	}

	private static String body(ServerWebExchange exchange) {
		return DataBufferUtils.join(exchange.getRequest().getBody())
			.map((buffer) -> buffer.toString(StandardCharsets.UTF_8))
			.block(Duration.ofSeconds(5));
	}

}
