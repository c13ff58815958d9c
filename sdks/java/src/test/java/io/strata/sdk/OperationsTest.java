package io.strata.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.sdk.FakeServer.Reply;
import io.strata.sdk.model.ActionOperation;
import io.strata.sdk.model.ActionResult;
import io.strata.sdk.model.Operation;

class OperationsTest {

	private FakeServer server;

	private Strata strata;

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeServer();
		this.strata = Strata.builder().baseUrl(this.server.url()).apiKey("sk_test").build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void runsAnActionAndWaitsForItsOperation() {
		this.server.then(Reply.json(202, "{\"operations\":[{\"id\":\"op1\",\"resource_id\":\"r1\",\"status\":\"pending\"}]}"))
			.then(Reply.json(200, "{\"id\":\"op1\",\"status\":\"pending\"}"))
			.then(Reply.json(200, "{\"id\":\"op1\",\"status\":\"running\"}"))
			.then(Reply.json(200, "{\"id\":\"op1\",\"status\":\"completed\",\"steps\":[{\"name\":\"stamp\","
					+ "\"status\":\"succeeded\"}],\"result\":{\"ok\":true}}"));
		ActionResult started = this.strata.resources().runAction("approve", List.of("r1"), Map.of("approver", "ops"));
		assertEquals("op1", started.getOperations().get(0).getId());
		assertEquals("r1", started.getOperations().get(0).getResourceId());
		assertEquals(ActionOperation.StatusEnum.PENDING, started.getOperations().get(0).getStatus());
		assertEquals("{\"action\":\"approve\",\"resource_ids\":[\"r1\"],\"input\":{\"approver\":\"ops\"}}",
				this.server.requests.get(0).body());
		Operation done = this.strata.operations().waitFor("op1", Duration.ofSeconds(10));
		assertEquals("completed", done.getStatus());
		assertEquals("stamp", done.getSteps().get(0).getName());
		assertEquals(4, this.server.requests.size());
	}

	@Test
	void aRefusedResourceCarriesItsProblem() {
		this.server.then(Reply.json(202, "{\"operations\":[{\"id\":\"op1\",\"resource_id\":\"r1\",\"status\":\"pending\"},"
				+ "{\"id\":null,\"resource_id\":\"r2\",\"status\":\"rejected\",\"error\":{\"type\":"
				+ "\"https://strata.io/problems/action-not-allowed\",\"title\":\"Action not allowed\",\"status\":409,"
				+ "\"detail\":\"closed\"}},{\"resource_id\":\"r3\",\"status\":\"deferred\"}]}"));
		ActionResult result = this.strata.resources().runAction("approve", List.of("r1", "r2", "r3"), null);
		ActionOperation refused = result.getOperations().get(1);
		assertEquals(ActionOperation.StatusEnum.REJECTED, refused.getStatus());
		assertEquals(null, refused.getId());
		assertEquals(409, refused.getError().getStatus());
		assertEquals("Action not allowed", refused.getError().getTitle());
		// a status a later platform may add reads as unknown, not as an error
		assertEquals(ActionOperation.StatusEnum.UNKNOWN_DEFAULT_OPEN_API, result.getOperations().get(2).getStatus());
		assertEquals("{\"action\":\"approve\",\"resource_ids\":[\"r1\",\"r2\",\"r3\"]}",
				this.server.requests.get(0).body());
	}

	@Test
	void waitingGivesUpAtTheTimeout() {
		this.server.otherwise((request) -> Reply.json(200, "{\"id\":\"op1\",\"status\":\"waiting\"}"));
		OperationTimeoutException error = assertThrows(OperationTimeoutException.class,
				() -> this.strata.operations().waitFor("op1", Duration.ofMillis(700)));
		assertEquals("waiting", error.lastSeen().getStatus());
	}

	@Test
	void aFailedOperationIsReturnedNotThrown() {
		this.server.then(Reply.json(200, "{\"id\":\"op1\",\"status\":\"compensated\",\"error\":\"step failed\"}"));
		assertEquals("step failed", this.strata.operations().waitFor("op1", Duration.ofSeconds(1)).getError());
	}

}
