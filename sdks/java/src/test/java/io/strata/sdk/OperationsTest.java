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
import io.strata.sdk.model.OperationView;

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
		assertEquals("op1", started.operations().get(0).id());
		assertEquals("r1", started.operations().get(0).resourceId());
		assertEquals("{\"action\":\"approve\",\"resource_ids\":[\"r1\"],\"input\":{\"approver\":\"ops\"}}",
				this.server.requests.get(0).body());
		OperationView done = this.strata.operations().waitFor("op1", Duration.ofSeconds(10));
		assertEquals("completed", done.getStatus());
		assertEquals("stamp", done.getSteps().get(0).getName());
		assertEquals(4, this.server.requests.size());
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
