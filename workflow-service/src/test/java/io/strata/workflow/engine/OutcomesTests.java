package io.strata.workflow.engine;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.strata.workflow.engine.decider.RunEvent;
import io.strata.workflow.engine.decider.RunEvent.StepFailed;
import io.strata.workflow.engine.decider.RunEvent.StepSucceeded;
import io.strata.workflow.engine.decider.RunEvent.StepSuspended;
import io.strata.workflow.engine.model.StepResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attempt's outcome as a table: each row is how a step ended, the attempt's row the
 * engine stores for it and what the decider hears.
 */
class OutcomesTests {

	static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	static final Instant WAKE = T0.plusSeconds(60);

	static final long ATTEMPT = 41L;

	static Stream<Row> outcomes() {
		return Stream.of(
				row("completed: its output for later steps", StepResult.completed(Map.of("score", 7)),
						new AttemptEnding("completed", Map.of("score", 7), null, null),
						new StepSucceeded(Map.of("score", 7), null, T0)),
				row("completed without output: an empty one", StepResult.completed(null),
						new AttemptEnding("completed", Map.of(), null, null), new StepSucceeded(Map.of(), null, T0)),
				row("a branch: the step to go on with", new StepResult.Completed(Map.of("result", true), "notify"),
						new AttemptEnding("completed", Map.of("result", true), null, null),
						new StepSucceeded(Map.of("result", true), "notify", T0)),
				row("failed, worth trying again", StepResult.failed("http.5xx", "HTTP 503", true),
						new AttemptEnding("failed", null, "http.5xx", "HTTP 503"),
						new StepFailed("http.5xx", "HTTP 503", true, T0)),
				row("failed for good", StepResult.failed("expression", "'input.x': no such key", false),
						new AttemptEnding("failed", null, "expression", "'input.x': no such key"),
						new StepFailed("expression", "'input.x': no such key", false, T0)),
				row("waits: what it keeps, with its attempt's row",
						new StepResult.Suspended(WAKE, Map.of("signal", "approved")),
						new AttemptEnding("waiting", null, null, null),
						new StepSuspended(WAKE, Map.of("signal", "approved", "attempt_id", ATTEMPT), T0)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("outcomes")
	void storesAndTells(Row row) {
		assertThat(AttemptEnding.of(row.result())).isEqualTo(row.stored());
		assertThat(Outcomes.event(row.result(), ATTEMPT, T0)).isEqualTo(row.heard());
	}

	static Row row(String name, StepResult result, AttemptEnding stored, RunEvent heard) {
		return new Row(name, result, stored, heard);
	}

	record Row(String name, StepResult result, AttemptEnding stored, RunEvent heard) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
