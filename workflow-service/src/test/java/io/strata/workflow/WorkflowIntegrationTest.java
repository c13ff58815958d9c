package io.strata.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

import io.strata.platform.security.RouteScopes;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Spring context on the real PostgreSQL and Kafka, shared by the integration tests: a
 * token issuer with a JWKS, loopback allowed for HTTP steps, fast polling and a short
 * lease so that takeovers happen within a test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "strata.outbound.allow=127.0.0.0/8", "strata.workflow.poll-interval=50ms",
				"strata.workflow.lease=3s", "strata.outbox.poll-interval=50ms" })
@AutoConfigureRestTestClient
@StrataServers({ Server.POSTGRES, Server.KAFKA })
public abstract class WorkflowIntegrationTest {

	protected static final TestTokens tokens = TestTokens.start();

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		tokens.trustedBy(registry);
	}

	@Autowired
	protected RestTestClient client;

	@Autowired
	protected JdbcTemplate jdbc;

	protected static String newTenant() {
		return "tenant-" + UUID.randomUUID();
	}

	protected static String bearer(String tenant) {
		return "Bearer " + tokens.token(tenant, RouteScopes.API_SCOPES.toArray(String[]::new));
	}

	/** The ticket type, with the given workflow for "approve". */
	protected void defineTicket(String tenant, String name, String approveWorkflowJson) {
		String body = """
				{"name": "%s",
				 "schema": {"type": "object", "required": ["title"],
				            "properties": {"title": {"type": "string", "maxLength": 200},
				                           "priority": {"type": "integer", "minimum": 1, "maximum": 5}}},
				 "lifecycle": {"initial": "open", "states": ["open", "approved", "closed"],
				               "actions": {"approve": {"from": ["open"], "to": "approved",
				                                       "input_schema": {"type": "object"},
				                                       "workflow": %s},
				                           "close": {"from": ["open", "approved"], "to": "closed"}}}}""".formatted(name,
				approveWorkflowJson);
		this.client.post()
			.uri("/v2/resource-types")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body(body)
			.exchange()
			.expectBody(String.class)
			.consumeWith(
					(result) -> assertThat(result.getStatus().value()).as(result.getResponseBody()).isEqualTo(201));
	}

	@SuppressWarnings("unchecked")
	protected Map<String, Object> post(String tenant, String uri, String json, int expectedStatus) {
		return this.client.post()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body(json)
			.exchange()
			.expectStatus()
			.isEqualTo(expectedStatus)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	protected Map<String, Object> get(String tenant, String uri) {
		return this.client.get()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	protected String createTicket(String tenant, String type, String title) {
		return (String) post(tenant, "/v2/resources",
				"{\"type\": \"" + type + "\", \"attributes\": {\"title\": \"" + title + "\", \"priority\": 2}}", 201)
			.get("id");
	}

	/** Starts the action on one resource; the operation id. */
	@SuppressWarnings("unchecked")
	protected String act(String tenant, String action, String resourceId, String inputJson) {
		Map<String, Object> body = post(tenant, "/v2/resources/actions", "{\"action\": \"" + action
				+ "\", \"resource_ids\": [\"" + resourceId + "\"], \"input\": " + inputJson + "}", 202);
		List<Map<String, Object>> operations = (List<Map<String, Object>>) body.get("operations");
		assertThat(operations).hasSize(1);
		return (String) operations.get(0).get("id");
	}

	/** Polls the operation until its status is one of the given ones. */
	protected Map<String, Object> awaitOperation(String tenant, String operationId, String... statuses) {
		return await(() -> get(tenant, "/v2/operations/" + operationId),
				(operation) -> List.of(statuses).contains(operation.get("status")), Duration.ofSeconds(20));
	}

	protected static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		T last = probe.get();
		while (!done.test(last) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			last = probe.get();
		}
		assertThat(done.test(last)).as("condition within %s, last: %s", timeout, last).isTrue();
		return last;
	}

	/**
	 * A {@code Struct} from JSON text, as a gRPC client builds one (protobuf's
	 * JsonFormat).
	 */
	protected static Struct struct(String json) {
		Struct.Builder struct = Struct.newBuilder();
		try {
			JsonFormat.parser().merge(json, struct);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException(ex);
		}
		return struct.build();
	}

}
