package io.strata.gateway.validation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.policy.RequestBodies;
import io.strata.gateway.support.FilterExchanges;
import io.strata.gateway.support.FilterExchanges.RecordingChain;
import io.strata.platform.mtls.MtlsChannels;
import io.strata.platform.mtls.MtlsProperties;
import io.strata.platform.problem.ProblemException;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The body validation filter on its own: the route's metadata names the schema, the body
 * reaches the service unchanged.
 */
class BodyValidationGatewayFilterFactoryTests {

	private static final Map<String, Object> USERS = Map.of(BodySchemas.METADATA, Map.of("user", "POST /v2/users"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ValidationProperties properties = new ValidationProperties(DataSize.ofKilobytes(4), 8,
			List.of("/v2/**"), "127.0.0.1:1", Duration.ofMinutes(5), Duration.ofSeconds(1));

	private final ResourceTypeSchemas resourceTypes = new ResourceTypeSchemas(this.properties, new RequestSchemas(),
			new MtlsChannels(new MtlsProperties(false, null, null, null, null, List.of(), List.of())));

	private final GatewayFilter filter = new BodyValidationGatewayFilterFactory(this.properties,
			new BodySchemas(new RequestSchemas()), this.resourceTypes, new EdgeMetrics(this.meters))
		.apply(new Object());

	@AfterEach
	void close() throws Exception {
		this.resourceTypes.destroy();
	}

	@Test
	void aBodyAgainstTheSchemaTheRouteNamesIs400WithEveryViolation() {
		MockServerWebExchange exchange = FilterExchanges.routed(json("/v2/users", "{\"email\":42}"), USERS);
		RecordingChain chain = new RecordingChain();
		assertThatThrownBy(() -> this.filter.filter(exchange, chain).block(Duration.ofSeconds(5)))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> {
				assertThat(ex.status().value()).isEqualTo(400);
				assertThat(ex.errors()).isNotEmpty();
			});
		assertThat(chain.passed()).isNull();
		assertThat(
				this.meters.counter("strata.gateway.rejections", "reason", "validation", "route", "test-route").count())
			.isEqualTo(1);
	}

	@Test
	void aRouteWithoutSchemasOnlyNeedsWellFormedJson() {
		RecordingChain chain = new RecordingChain();
		this.filter.filter(FilterExchanges.routed(json("/v2/users", "{\"email\":42}"), Map.of()), chain)
			.block(Duration.ofSeconds(5));
		assertThat(body(chain)).isEqualTo("{\"email\":42}");
		assertThatThrownBy(() -> this.filter
			.filter(FilterExchanges.routed(json("/v2/users", "{\"email\":"), Map.of()), new RecordingChain())
			.block(Duration.ofSeconds(5)))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> assertThat(ex.type()).endsWith("malformed-json"));
	}

	@Test
	void otherMethodsOfTheRouteAreNotChecked() {
		RecordingChain chain = new RecordingChain();
		this.filter.filter(FilterExchanges.routed(
				MockServerHttpRequest.put("/v2/users").contentType(MediaType.APPLICATION_JSON).body("{\"email\":42}"),
				USERS), chain)
			.block(Duration.ofSeconds(5));
		assertThat(body(chain)).isEqualTo("{\"email\":42}");
	}

	@Test
	void aValidBodyReachesTheServiceUnchangedAndStaysInTheGatewaysCache() {
		String user = "{\"email\":\"ada@example.com\",\"display_name\":\"Ada\"}";
		RecordingChain chain = new RecordingChain();
		this.filter.filter(FilterExchanges.routed(json("/v2/users", user), USERS), chain).block(Duration.ofSeconds(5));
		assertThat(body(chain)).isEqualTo(user);
		assertThat(new String(RequestBodies.bytes(chain.passed()), StandardCharsets.UTF_8)).isEqualTo(user);
	}

	@Test
	void getsAreNotRead() {
		RecordingChain chain = new RecordingChain();
		MockServerWebExchange exchange = FilterExchanges.routed(MockServerHttpRequest.get("/v2/users"), USERS);
		this.filter.filter(exchange, chain).block(Duration.ofSeconds(5));
		assertThat(chain.passed()).isSameAs(exchange);
	}

	@Test
	void aBodyOverTheLimitIs413() {
		String big = "{\"a\":\"" + "x".repeat(5000) + "\"}";
		assertThatThrownBy(
				() -> this.filter.filter(FilterExchanges.routed(json("/v2/users", big), USERS), new RecordingChain())
					.block(Duration.ofSeconds(5)))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> assertThat(ex.status().value()).isEqualTo(413));
		assertThat(this.meters.counter("strata.gateway.rejections", "reason", "body_too_large", "route", "test-route")
			.count()).isEqualTo(1);
	}

	private static MockServerHttpRequest json(String path, String body) {
		return MockServerHttpRequest.post(path).contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private static String body(RecordingChain chain) {
		return DataBufferUtils.join(chain.passed().getRequest().getBody())
			.map((buffer) -> buffer.toString(StandardCharsets.UTF_8))
			.block(Duration.ofSeconds(5));
	}

}
