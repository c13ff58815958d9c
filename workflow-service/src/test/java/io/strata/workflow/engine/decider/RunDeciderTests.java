package io.strata.workflow.engine.decider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.strata.workflow.engine.decider.Command.CancelAttempt;
import io.strata.workflow.engine.decider.Command.Cancelled;
import io.strata.workflow.engine.decider.Command.Compensate;
import io.strata.workflow.engine.decider.Command.Compensated;
import io.strata.workflow.engine.decider.Command.Complete;
import io.strata.workflow.engine.decider.Command.Continue;
import io.strata.workflow.engine.decider.Command.Fail;
import io.strata.workflow.engine.decider.Command.RetryAt;
import io.strata.workflow.engine.decider.Command.RunStep;
import io.strata.workflow.engine.decider.Command.Wait;
import io.strata.workflow.engine.decider.RunEvent.Due;
import io.strata.workflow.engine.decider.RunEvent.StepFailed;
import io.strata.workflow.engine.decider.RunEvent.StepSucceeded;
import io.strata.workflow.engine.decider.RunEvent.StepSuspended;
import io.strata.workflow.engine.model.RetryPolicy;
import io.strata.workflow.engine.model.RunStatus;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.WorkflowDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's state machine as tables of scenarios (in the manner of Temporal's
 * state-machine tests and Conductor's {@code DeciderServiceTest}): each row is a run's
 * state, what happened, and the commands the decider must answer. A row's state is the
 * one the previous row's command stored, unless the row gives one; {@code claimed} is
 * what a worker's claim does to a pending or waiting run.
 */
class RunDeciderTests {

	static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

	/** 3 attempts, 1s then 2s apart, no jitter: waits a table can state. */
	static final RetryPolicy THREE_TRIES = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1),
			Set.of("http.4xx"), 0.0);

	static final RetryPolicy TWO_TRIES = new RetryPolicy(2, Duration.ofSeconds(5), 2.0, Duration.ofMinutes(1), Set.of(),
			0.0);

	static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1), Set.of(),
			0.0);

	static final StepDefinition VALIDATE = step("validate", THREE_TRIES, null);

	static final StepDefinition ENRICH = step("enrich", THREE_TRIES, null);

	static final StepDefinition NOTIFY = step("notify", THREE_TRIES, null);

	static final StepDefinition RELEASE = step("release", THREE_TRIES, null);

	static final StepDefinition RESERVE = step("reserve", THREE_TRIES, RELEASE);

	static final StepDefinition REFUND = step("refund", ONCE, null);

	static final StepDefinition CHARGE = step("charge", THREE_TRIES, REFUND);

	static final StepDefinition SHIP = step("ship", TWO_TRIES, null);

	static final StepDefinition APPROVE = new StepDefinition("approve", "wait.signal", Map.of("signal", "'approved'"),
			ONCE, Duration.ofDays(1), null, null, null);

	static final StepDefinition CHECK = new StepDefinition("check", "branch", Map.of("condition", "input.skip"), ONCE,
			null, null, "$end", null);

	static final String CANCELLED = "cancelled on request";

	static Stream<Scenario> scenarios() {
		Map<String, Object> validated = Map.of("validate", Map.of("output", Map.of("ok", true)));
		Map<String, Object> enriched = with(validated, "enrich", Map.of("score", 7));
		Map<String, Object> notified = with(enriched, "notify", Map.of());
		Map<String, Object> reserved = Map.of("reserve", Map.of("output", Map.of("hold", "h1")));
		Map<String, Object> charged = with(reserved, "charge", Map.of("payment", "p1"));
		Map<String, Object> signalled = Map.of("approve",
				Map.of("output", Map.of("signal", "approved", "payload", Map.of("by", "alice"))));
		Map<String, Object> waitState = Map.of("deadline", T0.plus(Duration.ofDays(1)).toString(), "signal", "approved",
				"attempt_id", 41L);
		return Stream.of(

				scenario("happy path: three steps in order, then completed", VALIDATE, ENRICH, NOTIFY)
					.given(RunState.started())
					.when(due(0))
					.then(new RunStep("validate", VALIDATE, 1))
					.when(succeeded(1, Map.of("ok", true)))
					.then(new Continue(running(1, validated)))
					.when(due(1))
					.then(new RunStep("enrich", ENRICH, 1))
					.when(succeeded(2, Map.of("score", 7)))
					.then(new Continue(running(2, enriched)))
					.when(due(2))
					.then(new RunStep("notify", NOTIFY, 1))
					.when(succeeded(3, Map.of()))
					.then(new Continue(running(3, notified)))
					.when(due(3))
					.then(new Complete(notified)),

				scenario("retry with backoff (1s, then 2s), then success", VALIDATE).given(RunState.started())
					.when(due(0))
					.then(new RunStep("validate", VALIDATE, 1))
					.when(failed(0, "http.5xx", "HTTP 503", true))
					.then(new RetryAt(running(0, Map.of()).withAttempt(1).withError("validate: HTTP 503"), at(1)))
					.when(due(1))
					.then(new RunStep("validate", VALIDATE, 2))
					.when(failed(1, "timeout", "the attempt took longer than PT30S", true))
					.then(new RetryAt(running(0, Map.of()).withAttempt(2)
						.withError("validate: the attempt took longer than PT30S"), at(3)))
					.when(due(3))
					.then(new RunStep("validate", VALIDATE, 3))
					.when(succeeded(3, Map.of("ok", true)))
					.then(new Continue(running(1, validated)))
					.when(due(3))
					.then(new Complete(validated)),

				scenario("the retry wait is spread by the jitter the executor gives", step("flaky",
						new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), Set.of(), 0.5), null))
					.random(() -> 0L)
					.given(RunState.started())
					.when(failed(0, "http.5xx", "HTTP 502", true))
					.then(new RetryAt(running(0, Map.of()).withAttempt(1).withError("flaky: HTTP 502"),
							T0.plusMillis(500))),

				scenario("a non-retryable error fails at once; nothing to undo: failed", VALIDATE, ENRICH)
					.given(RunState.started())
					.when(failed(0, "http.4xx", "HTTP 400", true))
					.then(new Fail("validate: HTTP 400")),

				scenario("retries exhausted: compensations in reverse order, then compensated", RESERVE, CHARGE, SHIP)
					.given(running(2, charged, 0, 1))
					.when(due(0))
					.then(new RunStep("ship", SHIP, 1))
					.when(failed(0, "http.5xx", "HTTP 500", true))
					.then(new RetryAt(running(2, charged, 0, 1).withAttempt(1).withError("ship: HTTP 500"), at(5)))
					.when(due(5))
					.then(new RunStep("ship", SHIP, 2))
					.when(failed(5, "http.5xx", "HTTP 500", true))
					.then(new Continue(compensating(1, charged, "ship: HTTP 500", 0, 1)))
					.when(due(5))
					.then(new Compensate("charge", REFUND, 1))
					.when(succeeded(6, Map.of()))
					.then(new Continue(compensating(0, charged, "ship: HTTP 500", 0, 1)))
					.when(due(6))
					.then(new Compensate("reserve", RELEASE, 1))
					.when(succeeded(7, Map.of()))
					.then(new Continue(compensating(-1, charged, "ship: HTTP 500", 0, 1)))
					.when(due(7))
					.then(new Compensated("ship: HTTP 500")),

				scenario("a compensation that fails for good leaves the run failed", RESERVE, CHARGE, SHIP)
					.given(compensating(1, charged, "ship: HTTP 500", 0, 1))
					.when(due(0))
					.then(new Compensate("charge", REFUND, 1))
					.when(failed(0, "http.5xx", "HTTP 503", true))
					.then(new Fail("compensation failed: charge (compensation): HTTP 503")),

				scenario("a retried compensation keeps its failure as the run's error", RESERVE, CHARGE, SHIP)
					.given(compensating(0, charged, "ship: HTTP 500", 0, 1))
					.when(failed(0, "http.5xx", "HTTP 503", true))
					.then(new RetryAt(compensating(0, charged, "reserve (compensation): HTTP 503", 0, 1).withAttempt(1),
							at(1)))
					.when(due(1))
					.then(new Compensate("reserve", RELEASE, 2)),

				scenario("signal wait: waits, is woken, the same attempt sees the signal", APPROVE, NOTIFY)
					.given(RunState.started())
					.when(due(0))
					.then(new RunStep("approve", APPROVE, 1))
					.when(new StepSuspended(T0.plus(Duration.ofDays(1)), waitState, T0))
					.then(new Wait(running(0, Map.of()).withStatus(RunStatus.WAITING), T0.plus(Duration.ofDays(1)),
							waitState))
					.claimed()
					.when(due(60))
					.then(new RunStep("approve", APPROVE, 1))
					.when(succeeded(60, Map.of("signal", "approved", "payload", Map.of("by", "alice"))))
					.then(new Continue(running(1, signalled))),

				scenario("timeout: no signal before the deadline fails the step for good", APPROVE, NOTIFY)
					.given(running(0, Map.of()).withStatus(RunStatus.WAITING))
					.claimed()
					.when(due(86_400))
					.then(new RunStep("approve", APPROVE, 1))
					.when(failed(86_400, "timeout", "no signal 'approved' before 2030-01-02T00:00:00Z", false))
					.then(new Fail("approve: no signal 'approved' before 2030-01-02T00:00:00Z")),

				scenario("timeout: an attempt over time is retried, the last one compensates", RESERVE, SHIP)
					.given(running(1, reserved, 0).withAttempt(1))
					.when(due(0))
					.then(new RunStep("ship", SHIP, 2))
					.when(failed(30, "timeout", "the attempt took longer than PT30S", true))
					.then(new Continue(compensating(0, reserved, "ship: the attempt took longer than PT30S", 0))),

				scenario("cancel mid-run: the waiting attempt closes, completed steps compensate", RESERVE, APPROVE)
					.given(running(1, reserved, 0).withStatus(RunStatus.WAITING))
					.claimed()
					.cancelRequested()
					.when(due(10))
					.then(new CancelAttempt(CANCELLED),
							new Continue(cancelAsked(compensating(0, reserved, CANCELLED, 0))))
					.when(due(10))
					.then(new Compensate("reserve", RELEASE, 1))
					.when(succeeded(11, Map.of()))
					.then(new Continue(cancelAsked(compensating(-1, reserved, CANCELLED, 0))))
					.when(due(11))
					.then(new Compensated(CANCELLED)),

				scenario("cancel with nothing to undo: cancelled", VALIDATE, ENRICH)
					.given(cancelAsked(running(1, validated)))
					.when(due(0))
					.then(new CancelAttempt(CANCELLED), new Cancelled(CANCELLED)),

				scenario("a cancel asked for while compensating changes nothing", RESERVE, CHARGE, SHIP)
					.given(cancelAsked(compensating(1, charged, "ship: HTTP 500", 0, 1)))
					.when(due(0))
					.then(new Compensate("charge", REFUND, 1)),

				scenario("branch: a jump to $end completes the run", CHECK, NOTIFY).given(RunState.started())
					.when(new StepSucceeded(Map.of("result", true), "$end", T0))
					.then(new Continue(running(2, Map.of("check", Map.of("output", Map.of("result", true))))))
					.when(due(0))
					.then(new Complete(Map.of("check", Map.of("output", Map.of("result", true))))),

				scenario("an action without a workflow completes at once").given(RunState.started())
					.when(due(0))
					.then(new Complete(Map.of())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void decides(Scenario scenario) {
		scenario.play();
	}

	// the table's vocabulary

	static StepDefinition step(String name, RetryPolicy retry, StepDefinition compensation) {
		return new StepDefinition(name, "http.request", Map.of("url", "'https://example.com/" + name + "'"), retry,
				null, compensation, null, null);
	}

	static Instant at(long seconds) {
		return T0.plusSeconds(seconds);
	}

	static Due due(long seconds) {
		return new Due(at(seconds));
	}

	static StepSucceeded succeeded(long seconds, Map<String, Object> output) {
		return new StepSucceeded(output, null, at(seconds));
	}

	static StepFailed failed(long seconds, String code, String message, boolean retryable) {
		return new StepFailed(code, message, retryable, at(seconds));
	}

	static RunState running(int position, Map<String, Object> outputs, Integer... compensations) {
		return new RunState(RunStatus.RUNNING, position, 0, outputs, List.of(compensations), false, null);
	}

	static RunState compensating(int position, Map<String, Object> outputs, String error, Integer... compensations) {
		return new RunState(RunStatus.COMPENSATING, position, 0, outputs, List.of(compensations), false, error);
	}

	/** The same run with a cancel asked for. */
	static RunState cancelAsked(RunState state) {
		return new RunState(state.status(), state.position(), state.attempt(), state.outputs(), state.compensations(),
				true, state.error());
	}

	static Map<String, Object> with(Map<String, Object> outputs, String step, Map<String, Object> output) {
		Map<String, Object> result = new LinkedHashMap<>(outputs);
		result.put(step, Map.of("output", output));
		return result;
	}

	static Scenario scenario(String name, StepDefinition... steps) {
		return new Scenario(name, new WorkflowDefinition(List.of(steps)));
	}

	/** A named table: rows of given state, event, expected commands. */
	static final class Scenario {

		private final String name;

		private final WorkflowDefinition workflow;

		private final List<Row> rows = new ArrayList<>();

		private RandomGenerator random = () -> {
			throw new AssertionError("no jitter expected");
		};

		private RunState given;

		private RunEvent when;

		Scenario(String name, WorkflowDefinition workflow) {
			this.name = name;
			this.workflow = workflow;
		}

		Scenario random(RandomGenerator random) {
			this.random = random;
			return this;
		}

		Scenario given(RunState state) {
			this.given = state;
			return this;
		}

		/** What claiming does: a pending or waiting run is running again. */
		Scenario claimed() {
			this.given = this.given
				.withStatus((this.given.status() == RunStatus.WAITING || this.given.status() == RunStatus.PENDING)
						? RunStatus.RUNNING : this.given.status());
			return this;
		}

		Scenario cancelRequested() {
			this.given = cancelAsked(this.given);
			return this;
		}

		Scenario when(RunEvent event) {
			this.when = event;
			return this;
		}

		Scenario then(Command... commands) {
			this.rows.add(new Row(this.given, this.when, List.of(commands)));
			for (Command command : commands) {
				switch (command) {
					case Continue proceed -> this.given = proceed.next();
					case Wait wait -> this.given = wait.next();
					case RetryAt retry -> this.given = retry.next();
					default -> {
					}
				}
			}
			return this;
		}

		void play() {
			RunDecider decider = new RunDecider(this.workflow, this.random);
			for (int i = 0; i < this.rows.size(); i++) {
				Row row = this.rows.get(i);
				assertThat(decider.decide(row.given(), row.when()))
					.as("row %d: given %s when %s", i + 1, row.given(), row.when())
					.isEqualTo(row.then());
			}
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	record Row(RunState given, RunEvent when, List<Command> then) {

	}

}
