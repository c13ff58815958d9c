package io.strata.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;

import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.gateway.support.GrpcStandIns;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;
import io.strata.proto.resource.v1.ResourceType;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing on the gateway's request paths blocks a Netty event loop. BlockHound watches
 * every thread Reactor and Netty call non-blocking and records each blocking JDK call
 * made on one (a socket read, a sleep, a lock wait, a file write), with where it came
 * from; the paths below, each a first call so that every cache misses, must record none:
 * a bearer token of a tenant never seen (its status through identity's gRPC), an API key
 * (resolved through identity's gRPC), a POST with body validation (the type's schema
 * through workflow's gRPC) and idempotency (Redis) and its replay, the rate limit (Redis)
 * and a GraphQL query. One blocking call there would stall every request its event loop
 * serves.
 */
class NonBlockingEventLoopIntegrationTests extends GatewayIntegrationTest {

	private static final List<String> BLOCKED = new CopyOnWriteArrayList<>();

	@LocalServerPort
	int port;

	@BeforeAll
	static void watchEventLoops() {
		// install(...) applies the integrations on the class path first (Reactor's and
		// Netty's, which say which threads are non-blocking), then this one
		BlockHound.install((builder) -> builder
			// Netty's zstd support looks its native library up in a jar, once, when the
			// first compressed message loads the class
			.allowBlockingCallsInside("io.netty.handler.codec.compression.Zstd", "<clinit>")
			// graphql-java reads its message bundle once per locale (ResourceBundle
			// caches it)
			.allowBlockingCallsInside("graphql.i18n.I18n", "<init>")
			// random bytes (AES-GCM nonces of stored idempotent answers) come from
			// /dev/urandom, which never blocks
			.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
			.blockingMethodCallback((method) -> {
				List<StackTraceElement> stack = callersOf(new Throwable().getStackTrace());
				if (stack.stream().allMatch(NonBlockingEventLoopIntegrationTests::isJdk)) {
					// a pool's idle worker parked in a wait it entered before BlockHound
					// was installed (its allowance applies from the next call on)
					return;
				}
				BLOCKED.add(method + " on " + Thread.currentThread().getName() + "\n"
						+ stack.stream().limit(40).map((frame) -> "    at " + frame).collect(Collectors.joining("\n")));
			}));
	}

	/** The frames below BlockHound's check: the blocking call and its callers. */
	private static List<StackTraceElement> callersOf(StackTraceElement[] stack) {
		int check = 0;
		for (int i = 0; i < stack.length; i++) {
			if (stack[i].getClassName().startsWith("reactor.blockhound.")) {
				check = i;
			}
		}
		return Arrays.asList(stack).subList(check + 1, stack.length);
	}

	private static boolean isJdk(StackTraceElement frame) {
		String type = frame.getClassName();
		return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.");
	}

	@BeforeEach
	void forgetEarlierCalls() {
		BLOCKED.clear();
	}

	@Test
	void theEdgePoliciesNeverBlockAnEventLoop() {
		// first calls load classes and build caches, slowly on a loaded machine
		WebTestClient client = this.client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		String tenant = newTenant();
		String token = TOKENS.token(tenant, "resources.write", "resources.read");
		client.get()
			.uri("/test/plain/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isOk();
		client.get()
			.uri("/test/expensive/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isOk();

		String key = "sk_" + UUID.randomUUID();
		GRPC.apiKeys.put(key,
				ResolveApiKeyResponse.newBuilder()
					.setTenantId(tenant)
					.setKeyId("k-" + UUID.randomUUID())
					.setSubject("svc-billing")
					.addScopes("resources.write")
					.setAccessToken(token)
					.setAccessTokenExpiresAt(
							Timestamp.newBuilder().setSeconds(Instant.now().plusSeconds(300).getEpochSecond()))
					.build());
		client.get().uri("/v2/users/u-1").header("X-API-Key", key).exchange().expectStatus().isOk();

		GRPC.resourceTypes.put(GrpcStandIns.typeKey(tenant, "ticket"),
				ResourceType.newBuilder()
					.setTenantId(tenant)
					.setName("ticket")
					.setVersion(1)
					.setSchemaJson("{\"type\":\"object\",\"required\":[\"title\"],"
							+ "\"properties\":{\"title\":{\"type\":\"string\"}}}")
					.build());
		String idempotencyKey = UUID.randomUUID().toString();
		for (int attempt = 0; attempt < 2; attempt++) {
			client.post()
				.uri("/v2/resources")
				.header(HttpHeaders.AUTHORIZATION, bearer(token))
				.header("Idempotency-Key", idempotencyKey)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"type\":\"ticket\",\"attributes\":{\"title\":\"Printer\"}}")
				.exchange()
				.expectStatus()
				.isOk();
		}
		client.post()
			.uri("/v2/resources")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"type\":\"ticket\",\"attributes\":{}}")
			.exchange()
			.expectStatus()
			.isBadRequest();

		HttpGraphQlTester
			.builder(WebTestClient.bindToServer()
				.responseTimeout(Duration.ofSeconds(30))
				.baseUrl("http://127.0.0.1:" + this.port + "/graphql"))
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.build()
			.document("{ me { tenantId subject scopes } }")
			.execute()
			.path("me.tenantId")
			.entity(String.class)
			.isEqualTo(tenant);

		assertThat(BLOCKED).as("blocking calls on non-blocking threads").isEmpty();
	}

}
