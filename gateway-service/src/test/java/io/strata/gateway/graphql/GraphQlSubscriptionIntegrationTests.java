package io.strata.gateway.graphql;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.gateway.support.GraphQlSocket;
import io.strata.gateway.support.GrpcStandIns;
import io.strata.gateway.support.KeyRing;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;
import io.strata.proto.workflow.v1.Operation;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscriptions over a real WebSocket ({@code graphql-transport-ws} on {@code /graphql})
 * through the whole edge, fed by the event stream of
 * {@link io.strata.gateway.support.GraphQlBackends} (a stand-in for notification's
 * {@code NotificationService}; the real one is tested in notification-service and end to
 * end): the credential in {@code connection_init}, the close codes 4401 and 4403, tenant
 * isolation, and the subscriptions' answers.
 */
class GraphQlSubscriptionIntegrationTests extends GatewayIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final String RESOURCE_EVENTS = """
			subscription($type: String) { resourceEvents(type: $type) {
			  cursor type occurredAt resourceId resourceType data resource { id state etag attributes } } }""";

	@LocalServerPort
	int port;

	@Test
	void refusesAMissingOrBadCredentialWith4401() {
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of());
			assertThat(socket.closeCode(PATIENCE)).isEqualTo(4401);
		}
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of("authorization", "Bearer " + TOKENS.forgedToken(newTenant())));
			assertThat(socket.closeCode(PATIENCE)).isEqualTo(4401);
		}
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of("apiKey", "sk_unknown_" + UUID.randomUUID()));
			assertThat(socket.closeCode(PATIENCE)).isEqualTo(4401);
		}
	}

	@Test
	void refusesACredentialThatMayReadNoSubscribedEventWith4403() {
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of("authorization", "Bearer " + TOKENS.token(newTenant(), "ml.read")));
			assertThat(socket.closeCode(PATIENCE)).isEqualTo(4403);
		}
	}

	@Test
	void closesWith1013WhenIdentityCannotBeAsked() {
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of("apiKey", GrpcStandIns.UNAVAILABLE_KEY_PREFIX + UUID.randomUUID()));
			assertThat(socket.closeCode(PATIENCE)).isEqualTo(1013);
		}
	}

	@Test
	void closesWith4401WhenTheTokenExpires() throws Exception {
		Map<String, Object> claims = KeyRing.claims(newTenant(), "resources.read");
		claims.put("exp", Instant.now().getEpochSecond() + 3);
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of("authorization", "Bearer " + KEYS.sign(claims)));
			assertThat(socket.next(PATIENCE)).containsEntry("type", "connection_ack");
			assertThat(socket.closeCode(Duration.ofSeconds(15))).isEqualTo(4401);
		}
	}

	@Test
	void deliversTheTenantsResourceEventsOfTheAskedTypeOnly() throws Exception {
		String tenant = newTenant();
		String other = newTenant();
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of("authorization", "Bearer " + TOKENS.token(tenant, "resources.read")));
			assertThat(socket.next(PATIENCE)).containsEntry("type", "connection_ack");
			socket.subscribe("s1", RESOURCE_EVENTS, Map.of("type", "ticket"));
			await().atMost(PATIENCE).until(() -> GRAPHQL_BACKENDS.openEventStreams() > 0);

			GRAPHQL_BACKENDS.publish(other, "resource.created", resourceCreated("res-foreign", "ticket"));
			GRAPHQL_BACKENDS.publish(tenant, "resource.created", resourceCreated("res-note", "note"));
			GRAPHQL_BACKENDS.publish(tenant, "resource.created", resourceCreated("res-ticket", "ticket"));
			GRAPHQL_BACKENDS.publish(tenant, "resource.deleted", """
					{"type": "resource.deleted", "timestamp": "2026-01-02T03:04:06Z",
					 "data": {"tenant_id": "%s", "id": "res-ticket", "type": "ticket", "version": "2"}}"""
				.formatted(tenant));

			Map<String, Object> created = payload(socket.next(PATIENCE), "s1");
			assertThat(created).containsEntry("type", "resource.created")
				.containsEntry("resourceId", "res-ticket")
				.containsEntry("resourceType", "ticket")
				.containsEntry("occurredAt", "2026-01-02T03:04:05Z")
				.containsEntry("resource", Map.of("id", "res-ticket", "state", "open", "etag", "\"1\"", "attributes",
						Map.of("title", "Ink")));
			Map<String, Object> deleted = payload(socket.next(PATIENCE), "s1");
			assertThat(deleted).containsEntry("type", "resource.deleted")
				.containsEntry("resourceId", "res-ticket")
				.containsEntry("resource", null);

			socket.complete("s1");
			await().atMost(PATIENCE).until(() -> GRAPHQL_BACKENDS.openEventStreams() == 0);
		}
	}

	/**
	 * 50 subscriptions of one tenant (10 sockets of 5) are one upstream stream, with
	 * another tenant's subscription a second; each tenant's events reach its own
	 * subscriptions, every one of them, and nobody else's.
	 */
	@Test
	void sharesOneUpstreamStreamPerTenantAndKeepsTenantsApart() throws Exception {
		String tenant = newTenant();
		String other = newTenant();
		List<GraphQlSocket> sockets = new ArrayList<>();
		try {
			for (int s = 0; s < 10; s++) {
				GraphQlSocket socket = open();
				sockets.add(socket);
				socket.init(Map.of("authorization", "Bearer " + TOKENS.token(tenant, "resources.read")));
				assertThat(socket.next(PATIENCE)).containsEntry("type", "connection_ack");
				for (int i = 0; i < 5; i++) {
					socket.subscribe("s" + i, RESOURCE_EVENTS, (i == 4) ? Map.of("type", "ticket") : Map.of());
				}
			}
			GraphQlSocket foreign = open();
			sockets.add(foreign);
			foreign.init(Map.of("authorization", "Bearer " + TOKENS.token(other, "resources.write")));
			assertThat(foreign.next(PATIENCE)).containsEntry("type", "connection_ack");
			foreign.subscribe("f", RESOURCE_EVENTS, Map.of());
			await().atMost(PATIENCE).until(() -> GRAPHQL_BACKENDS.openEventStreams() == 2);

			GRAPHQL_BACKENDS.publish(tenant, "resource.created", resourceCreated("res-mine", "ticket"));
			GRAPHQL_BACKENDS.publish(other, "resource.created", resourceCreated("res-theirs", "ticket"));
			for (GraphQlSocket socket : sockets.subList(0, 10)) {
				Set<String> ids = new HashSet<>();
				for (int i = 0; i < 5; i++) {
					Map<String, Object> message = socket.next(PATIENCE);
					assertThat(payload(message, (String) message.get("id"))).containsEntry("resourceId", "res-mine");
					ids.add((String) message.get("id"));
				}
				assertThat(ids).containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4");
			}
			assertThat(payload(foreign.next(PATIENCE), "f")).containsEntry("resourceId", "res-theirs");
			assertThat(foreign.next(Duration.ofMillis(300))).as("nothing of the other tenant").isNull();
			for (GraphQlSocket socket : sockets.subList(0, 10)) {
				assertThat(socket.next(Duration.ofMillis(100))).as("nothing of the other tenant").isNull();
			}
			assertThat(GRAPHQL_BACKENDS.openEventStreams()).isEqualTo(2);

			// the stream stays while one subscription is left, and closes after the last
			for (GraphQlSocket socket : sockets.subList(1, 11)) {
				socket.close();
			}
			await().atMost(PATIENCE).until(() -> GRAPHQL_BACKENDS.openEventStreams() == 1);
			GRAPHQL_BACKENDS.publish(tenant, "resource.created", resourceCreated("res-later", "note"));
			for (int i = 0; i < 4; i++) {
				Map<String, Object> message = sockets.get(0).next(PATIENCE);
				assertThat(payload(message, (String) message.get("id"))).containsEntry("resourceId", "res-later");
			}
			sockets.get(0).close();
			await().atMost(PATIENCE).until(() -> GRAPHQL_BACKENDS.openEventStreams() == 0);
		}
		finally {
			sockets.forEach(GraphQlSocket::close);
		}
	}

	@Test
	void followsAnOperationUntilItFinishesWithAnApiKey() throws Exception {
		String tenant = newTenant();
		String key = "sk_test_" + UUID.randomUUID();
		GRPC.apiKeys.put(key,
				ResolveApiKeyResponse.newBuilder()
					.setTenantId(tenant)
					.setKeyId("k-subscriptions")
					.setSubject("svc-app")
					.addScopes("resources.read")
					.setAccessToken(TOKENS.token(tenant, "resources.read"))
					.setAccessTokenExpiresAt(
							Timestamp.newBuilder().setSeconds(Instant.now().plusSeconds(300).getEpochSecond()))
					.build());
		Operation pending = Operation.newBuilder()
			.setId("op-" + UUID.randomUUID())
			.setTenantId(tenant)
			.setResourceId("res-1")
			.setAction("approve")
			.setStatus("pending")
			.setCreatedAt(Timestamp.newBuilder().setSeconds(1))
			.setUpdatedAt(Timestamp.newBuilder().setSeconds(1))
			.build();
		GRAPHQL_BACKENDS.operations.put(pending.getId(), pending);
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of("apiKey", key));
			assertThat(socket.next(PATIENCE)).containsEntry("type", "connection_ack");
			socket.subscribe("op", "subscription($id: ID!) { operationUpdated(id: $id) { id status } }",
					Map.of("id", pending.getId()));
			assertThat(payload(socket.next(PATIENCE), "op")).containsEntry("status", "pending");
			await().atMost(PATIENCE).until(() -> GRAPHQL_BACKENDS.openEventStreams() > 0);

			Operation completed = pending.toBuilder()
				.setStatus("completed")
				.setUpdatedAt(Timestamp.newBuilder().setSeconds(2))
				.build();
			GRAPHQL_BACKENDS.operations.put(pending.getId(), completed);
			GRAPHQL_BACKENDS.publish(tenant, "workflow.run_finished", """
					{"type": "workflow.run_finished", "timestamp": "2026-01-02T03:04:05Z",
					 "data": {"operation": {"id": "%s", "status": "completed"}, "duration_millis": "5"}}"""
				.formatted(pending.getId()));

			assertThat(payload(socket.next(PATIENCE), "op")).containsEntry("status", "completed");
			assertThat(socket.next(PATIENCE)).containsEntry("type", "complete").containsEntry("id", "op");
		}
	}

	@Test
	void answersQueriesOnTheSocketAsOverHttp() throws Exception {
		String tenant = newTenant();
		try (GraphQlSocket socket = open()) {
			socket.init(Map.of("authorization", "Bearer " + TOKENS.token(tenant, "resources.read")));
			assertThat(socket.next(PATIENCE)).containsEntry("type", "connection_ack");
			socket.subscribe("q", "{ me { tenantId } }", Map.of());
			Map<String, Object> next = socket.next(PATIENCE);
			assertThat(next).containsEntry("type", "next");
			assertThat(next.get("payload")).isEqualTo(Map.of("data", Map.of("me", Map.of("tenantId", tenant))));
		}
	}

	private GraphQlSocket open() {
		return GraphQlSocket.open("ws://127.0.0.1:" + this.port + "/graphql");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> payload(Map<String, Object> message, String id) {
		assertThat(message).as("a message in time").isNotNull().containsEntry("type", "next").containsEntry("id", id);
		Map<String, Object> payload = (Map<String, Object>) message.get("payload");
		assertThat(payload).doesNotContainKey("errors");
		Map<String, Object> data = (Map<String, Object>) payload.get("data");
		return (Map<String, Object>) data.values().iterator().next();
	}

	private static String resourceCreated(String id, String type) {
		return """
				{"type": "resource.created", "timestamp": "2026-01-02T03:04:05Z",
				 "data": {"id": "%s", "tenant_id": "t", "type": "%s", "type_version": 1, "state": "open",
				  "attributes": {"title": "Ink"}, "version": "1",
				  "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z"}}""".formatted(id, type);
	}

}
