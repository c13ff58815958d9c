package io.strata.gateway.idempotency;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.strata.gateway.redis.SharedRedisConnection;
import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.gateway.support.StallingProxy;
import io.strata.testsupport.LocalStack;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis that stops answering (the connection stays open, nothing comes back): the gateway
 * starts without it, serves rate limits from the local fallback and refuses
 * Idempotency-Key requests (503) at once instead of blocking an event loop on the
 * connect; once Redis answers it is used; when it stalls again, each policy gives up
 * after its own timeout rather than the Redis client's (60 seconds by default).
 */
@StrataServers({ Server.REDIS, Server.KAFKA })
class IdempotencyRedisStallsIntegrationTests extends GatewayIntegrationTest {

	private static final StallingProxy REDIS = StallingProxy.stalledTo(LocalStack.host(Server.REDIS),
			LocalStack.port(Server.REDIS));

	private static final String BODY = "{\"type\":\"note\",\"attributes\":{}}";

	@DynamicPropertySource
	static void redisBehindTheProxy(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.port", REDIS::port);
		registry.add("spring.data.redis.timeout", () -> "30s");
		registry.add("strata.gateway.idempotency.redis-timeout", () -> "300ms");
		// once the rate limiter gives up on Redis it keeps to its local fallback:
		// the time measured is the idempotency store's alone
		registry.add("strata.gateway.rate-limit.redis-retry-after", () -> "60s");
	}

	@Autowired
	SharedRedisConnection redisConnection;

	@AfterAll
	static void closeProxy() throws IOException {
		REDIS.close();
	}

	@Test
	void idempotentRequestsAreRefusedQuicklyWhileRedisStallsAndServedWhenItAnswers() {
		String token = TOKENS.token(newTenant(), "resources.write");
		WebTestClient client = this.client.mutate().responseTimeout(Duration.ofSeconds(20)).build();

		// never connected: refused at once, the event loops stay free
		assertThat(this.redisConnection.isOpen()).isFalse();
		assertRefusedWithin(client, token, Duration.ofSeconds(2));

		REDIS.resume();
		await().atMost(Duration.ofSeconds(15)).until(this.redisConnection::isOpen);
		String key = UUID.randomUUID().toString();
		post(client, token, key).expectStatus().isOk();
		post(client, token, key).expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "true");

		// connected, then Redis stops answering: the store's own timeout
		REDIS.stall();
		client.get()
			.uri("/v2/resources")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isOk();
		assertRefusedWithin(client, token, Duration.ofSeconds(2));
		REDIS.resume();
	}

	private void assertRefusedWithin(WebTestClient client, String token, Duration limit) {
		int callsBefore = ECHO.calls();
		long started = System.nanoTime();
		post(client, token, UUID.randomUUID().toString()).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/idempotency-unavailable");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(limit);
		assertThat(ECHO.calls()).isEqualTo(callsBefore);
	}

	private static WebTestClient.ResponseSpec post(WebTestClient client, String token, String key) {
		return client.post()
			.uri("/v2/resources")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(BODY)
			.exchange();
	}

}
