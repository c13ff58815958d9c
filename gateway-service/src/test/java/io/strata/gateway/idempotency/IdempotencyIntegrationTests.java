package io.strata.gateway.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency keys in the real Redis: replay, conflicting reuse, in-flight duplicates
 * (concurrently), per-caller scope, and 5xx answers that are not kept.
 */
class IdempotencyIntegrationTests extends GatewayIntegrationTest {

	private static final String BODY = "{\"type\":\"note\",\"attributes\":{\"text\":\"hi\"}}";

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ReactiveStringRedisTemplate redis;

	@Test
	void sameKeyAndBodyReplaysTheFirstAnswer() {
		String token = TOKENS.token(newTenant(), "resources.write");
		String key = UUID.randomUUID().toString();
		EntityExchangeResult<String> first = post(token, key, "/v2/resources", BODY);
		assertThat(first.getStatus().value()).isEqualTo(200);
		assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		double rejectionsBefore = idempotencyRejections();
		EntityExchangeResult<String> second = post(token, key, "/v2/resources", BODY);
		assertThat(second.getStatus().value()).isEqualTo(200);
		assertThat(second.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
		assertThat(second.getResponseHeaders().getFirst("RateLimit")).isNotNull();
		// a replay is an answer, not a rejection
		assertThat(idempotencyRejections()).isEqualTo(rejectionsBefore);
	}

	@Test
	void aRouteWithoutBodyValidationReadsTheBodyItself() {
		String token = TOKENS.token(newTenant(), "resources.write");
		String key = UUID.randomUUID().toString();
		int calls = ECHO.calls();
		EntityExchangeResult<String> first = post(token, key, "/test/idempotent/notes", BODY);
		assertThat(first.getStatus().value()).isEqualTo(200);
		// the service got the body the gateway read for the fingerprint
		assertThat(first.getResponseBody()).contains("\\\"text\\\":\\\"hi\\\"");
		EntityExchangeResult<String> replay = post(token, key, "/test/idempotent/notes", BODY);
		assertThat(replay.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.getResponseBody()).isEqualTo(first.getResponseBody());
		assertThat(ECHO.calls() - calls).isEqualTo(1);
		// the fingerprint covers the body: another body under the same key is refused
		assertThat(post(token, key, "/test/idempotent/notes", "{\"type\":\"note\"}").getStatus().value())
			.isEqualTo(422);
	}

	@Test
	void sameKeyWithAnotherBodyIs422() {
		String token = TOKENS.token(newTenant(), "resources.write");
		String key = UUID.randomUUID().toString();
		post(token, key, "/v2/resources", BODY);
		EntityExchangeResult<String> other = post(token, key, "/v2/resources", "{\"type\":\"note\"}");
		assertThat(other.getStatus().value()).isEqualTo(422);
		assertThat(other.getResponseHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.isTrue();
	}

	@Test
	void keysAreScopedPerTenantAndClient() {
		String key = UUID.randomUUID().toString();
		post(TOKENS.token(newTenant(), "resources.write"), key, "/v2/resources", BODY);
		EntityExchangeResult<String> otherCaller = post(TOKENS.token(newTenant(), "resources.write"), key,
				"/v2/resources", "{\"different\":true}");
		assertThat(otherCaller.getStatus().value()).isEqualTo(200);
		assertThat(otherCaller.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
	}

	@Test
	void anotherPersonOfTheSameAppNeverGetsTheFirstAnswer() {
		String tenant = newTenant();
		String admin = TOKENS.tokenFor(tenant, "user-admin", "web-app", "resources.write");
		String member = TOKENS.tokenFor(tenant, "user-member", "web-app", "resources.write");
		String key = UUID.randomUUID().toString();
		int calls = ECHO.calls();
		EntityExchangeResult<String> first = post(admin, key, "/v2/resources", BODY);
		EntityExchangeResult<String> other = post(member, key, "/v2/resources", BODY);
		assertThat(other.getStatus().value()).isEqualTo(200);
		assertThat(other.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		// the member's request ran on its own: nothing of the admin's answer came back
		assertThat(ECHO.calls() - calls).isEqualTo(2);
		assertThat(other.getResponseBody()).isNotEqualTo(first.getResponseBody());
		// the admin's own retry, with a fresh token, still replays
		EntityExchangeResult<String> retry = post(TOKENS.tokenFor(tenant, "user-admin", "web-app", "resources.write"),
				key, "/v2/resources", BODY);
		assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
	}

	@Test
	void storedAnswersAreSealedInRedis() {
		String token = TOKENS.token(newTenant(), "resources.write");
		String secret = "sk_" + UUID.randomUUID();
		String key = UUID.randomUUID().toString();
		assertThat(post(token, key, "/v2/resources", "{\"type\":\"note\",\"secret\":\"" + secret + "\"}").getStatus()
			.value()).isEqualTo(200);
		List<String> stored = this.redis.keys(REDIS_PREFIX + "idem:*")
			.flatMap((redisKey) -> this.redis.opsForValue().get(redisKey))
			.collectList()
			.block(Duration.ofSeconds(10));
		// neither the answer (it echoes the secret, base64 inside the entry) nor the
		// entry's
		// structure is readable: the value is one sealed blob
		assertThat(stored).isNotEmpty()
			.noneMatch((value) -> value.contains(secret) || value.contains("{") || value.contains("fingerprint"));
	}

	@Test
	void serverErrorsAreNotKeptSoARetryRunsAgain() {
		String token = TOKENS.token(newTenant(), "resources.write");
		String key = UUID.randomUUID().toString();
		int calls = ECHO.calls();
		assertThat(post(token, key, "/v2/resources?status=503", BODY).getStatus().value()).isEqualTo(503);
		assertThat(post(token, key, "/v2/resources?status=503", BODY).getStatus().value()).isEqualTo(503);
		assertThat(ECHO.calls() - calls).isEqualTo(2);
		// a 4xx answer is kept like any other
		String other = UUID.randomUUID().toString();
		assertThat(post(token, other, "/v2/resources?status=404", BODY).getStatus().value()).isEqualTo(404);
		EntityExchangeResult<String> replayed = post(token, other, "/v2/resources?status=404", BODY);
		assertThat(replayed.getStatus().value()).isEqualTo(404);
		assertThat(replayed.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
	}

	@Test
	void concurrentDuplicatesReachTheServiceOnceAndTheRestAre409() {
		String token = TOKENS.token(newTenant(), "resources.write");
		String key = UUID.randomUUID().toString();
		WebClient web = WebClient.create("http://127.0.0.1:" + this.port);
		int calls = ECHO.calls();
		List<Integer> statuses = Flux.range(0, 10)
			.flatMap(
					(i) -> web.post()
						.uri("/v2/resources?delay_ms=700")
						.header(HttpHeaders.AUTHORIZATION, bearer(token))
						.header("Idempotency-Key", key)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(BODY)
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					10)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).containsOnly(200, 409);
		assertThat(statuses.stream().filter((status) -> status == 200)).hasSize(1);
		assertThat(ECHO.calls() - calls).isEqualTo(1);
		EntityExchangeResult<String> after = post(token, key, "/v2/resources?delay_ms=700", BODY);
		assertThat(after.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
	}

	private double idempotencyRejections() {
		return this.meters.find("strata.gateway.rejections")
			.tag("reason", "idempotency")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private EntityExchangeResult<String> post(String token, String key, String path, String body) {
		return this.client.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

}
