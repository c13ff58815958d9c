package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.decider.Command.Compensate;
import io.strata.workflow.engine.decider.Command.RunStep;
import io.strata.workflow.engine.model.Expressions;
import io.strata.workflow.engine.model.RetryPolicy;
import io.strata.workflow.engine.model.RunStatus;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step's input as tables: each row is a step's input template, the run and its
 * resource, and the input (or the reason it cannot be evaluated) and call the step must
 * get.
 */
class StepInputsTests {

	static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	static final Map<String, Object> TICKET = Map.of("id", "res-1", "state", "open", "attributes",
			Map.of("priority", 3));

	static final Map<String, Object> VALIDATED = Map.of("validate", Map.of("output", Map.of("score", 7)));

	static final StepInputs INPUTS = new StepInputs(new Expressions());

	static Stream<InputRow> inputs() {
		return Stream.of(
				input("the run's input", Map.of("who", "input.approver")).returns(Map.of("who", "ops")),
				input("the resource as the step reads it",
						Map.of("p", "resource.attributes.priority", "s", "resource.state"))
					.returns(Map.of("p", 3L, "s", "open")),
				input("an earlier step's output", Map.of("score", "steps.validate.output.score"))
					.returns(Map.of("score", 7L)),
				input("values that are not strings are taken as they are", Map.of("n", 5, "list", List.of("'a'", true)))
					.returns(Map.of("n", 5, "list", List.of("a", true))),
				input("a resource that is gone reads as empty", Map.of("has", "has(resource.state)")).resource(Map.of())
					.returns(Map.of("has", false)),
				input("a missing key: no input, the reason", Map.of("x", "input.missing")).fails("'input.missing': "),
				input("an expression that does not compile: no input, the reason", Map.of("x", "input.("))
					.fails("'input.(': "));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("inputs")
	void evaluatesTheInput(InputRow row) {
		Visit visit = INPUTS.visit(run(null), new RunStep("step", row.step(), 1), row.resource(), T0);
		assertThat(visit.input()).isEqualTo(row.input());
		if (row.error() == null) {
			assertThat(visit.inputError()).isNull();
			assertThat(visit.inputFailure()).isNull();
		}
		else {
			assertThat(visit.inputError()).startsWith(row.error());
			assertThat(visit.inputFailure()).isEqualTo(StepResult.failed("expression", visit.inputError(), false));
		}
		assertThat(visit.startedAt()).isEqualTo(T0);
	}

	static Stream<CallRow> calls() {
		StepDefinition quick = step(Map.of("url", "'https://example.com'"), Duration.ofSeconds(2));
		StepDefinition plain = step(Map.of("url", "'https://example.com'"), null);
		StepDefinition broken = step(Map.of("url", "input.missing"), null);
		return Stream.of(
				new CallRow("a step's own timeout", run(null), new RunStep("ship", quick, 1),
						Map.of("url", "https://example.com"), Duration.ofSeconds(2), "run-1:ship", Map.of()),
				new CallRow("no timeout: 30 seconds", run(null), new RunStep("ship", plain, 2),
						Map.of("url", "https://example.com"), Duration.ofSeconds(30), "run-1:ship", Map.of()),
				new CallRow("an input that cannot be evaluated: none", run(null), new RunStep("ship", broken, 1),
						Map.of(), Duration.ofSeconds(30), "run-1:ship", Map.of()),
				new CallRow("a compensation has a key of its own", run(null), new Compensate("ship", plain, 1),
						Map.of("url", "https://example.com"), Duration.ofSeconds(30), "run-1:ship:compensation",
						Map.of()),
				new CallRow("what the step kept, with its attempt's row",
						run(Map.of("attempt_id", 41L, "deadline", "x")), new RunStep("ship", plain, 1),
						Map.of("url", "https://example.com"), Duration.ofSeconds(30), "run-1:ship",
						Map.of("attempt_id", 41L, "deadline", "x")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("calls")
	void buildsTheCall(CallRow row) {
		StepCall.Signals signals = (name) -> Optional.empty();
		Visit visit = INPUTS.visit(row.run(), row.attempt(), TICKET, T0);
		StepCall call = StepInputs.call(visit, signals, T0.plusSeconds(1));
		assertThat(call).isEqualTo(new StepCall("run-1", "tenant-1", "res-1", row.attempt().step(), row.input(),
				row.attempt().attempt(), row.key(), row.timeout(), row.stepState(), T0.plusSeconds(1), signals));
		assertThat(StepInputs.timeout(row.attempt())).isEqualTo(row.timeout());
		assertThat(visit.attemptId()).isEqualTo((Long) row.stepState().get("attempt_id"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("calls")
	void aStartedVisitKeepsItsAttemptsRow(CallRow row) {
		Visit visit = INPUTS.visit(row.run(), row.attempt(), TICKET, T0).started(99L);
		assertThat(visit.attemptId()).isEqualTo(99L);
		assertThat(visit.stepState()).containsEntry("attempt_id", 99L);
		assertThat(row.run().stepState()).isEqualTo(row.stepState().isEmpty() ? null : row.stepState());
	}

	// the tables' vocabulary

	static StepDefinition step(Map<String, Object> input, Duration timeout) {
		return new StepDefinition("step", "http.request", input, RetryPolicy.DEFAULT, timeout, null, null, null);
	}

	static Run run(Map<String, Object> stepState) {
		return new Run("run-1", "tenant-1", "res-1", "approve", "open", "approved", "{\"steps\": []}",
				Map.of("approver", "ops"), RunStatus.RUNNING, 0, 0, VALIDATED, List.of(), stepState, T0, "worker-1",
				false, null, T0, T0, null);
	}

	static InputRow input(String name, Map<String, Object> template) {
		return new InputRow(name, step(template, null), TICKET, null, null);
	}

	record InputRow(String name, StepDefinition step, Map<String, Object> resource, Object input, String error) {

		InputRow resource(Map<String, Object> resource) {
			return new InputRow(this.name, this.step, resource, this.input, this.error);
		}

		InputRow returns(Object input) {
			return new InputRow(this.name, this.step, this.resource, input, null);
		}

		InputRow fails(String error) {
			return new InputRow(this.name, this.step, this.resource, null, error);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	record CallRow(String name, Run run, Command.Attempt attempt, Map<String, Object> input, Duration timeout,
			String key, Map<String, Object> stepState) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
