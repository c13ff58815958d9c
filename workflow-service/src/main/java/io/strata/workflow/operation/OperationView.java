package io.strata.workflow.operation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.strata.workflow.engine.Run;
import io.strata.workflow.engine.RunStore.Attempt;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.WorkflowDefinition;

/** An operation (a workflow run) as {@code GET /v2/operations/{id}} shows it. */
record OperationView(String id, String tenantId, String resourceId, String action, String status, String fromState,
		String toState, List<StepView> steps, List<StepView> compensations, String error, Map<String, Object> result,
		Instant createdAt, Instant updatedAt, Instant finishedAt) {

	record StepView(String name, String type, String status, List<AttemptView> attempts, JsonNode output) {

	}

	record AttemptView(int attempt, String status, String idempotencyKey, Instant startedAt, Instant finishedAt,
			Long durationMillis, JsonNode output, String errorCode, String error) {

		static AttemptView of(Attempt attempt) {
			return new AttemptView(attempt.attempt(), attempt.status(), attempt.idempotencyKey(), attempt.startedAt(),
					attempt.finishedAt(),
					(attempt.finishedAt() != null)
							? Duration.between(attempt.startedAt(), attempt.finishedAt()).toMillis() : null,
					attempt.output(), attempt.errorCode(), attempt.error());
		}

	}

	static OperationView of(Run run, WorkflowDefinition definition, List<Attempt> attempts) {
		List<StepView> steps = new ArrayList<>();
		List<StepView> compensations = new ArrayList<>();
		for (StepDefinition step : definition.steps()) {
			steps.add(step(step.name(), step.type(), attempts, false, run.status().terminal()));
			if (step.compensation() != null && attempts.stream()
				.anyMatch((attempt) -> attempt.compensation() && attempt.stepName().equals(step.name()))) {
				compensations.add(step(step.name(), step.compensation().type(), attempts, true, true));
			}
		}
		java.util.Collections.reverse(compensations);
		return new OperationView(run.id(), run.tenantId(), run.resourceId(), run.action(), run.status().wire(),
				run.fromState(), run.toState(), steps, compensations, run.error(),
				run.status().terminal() && run.error() == null ? run.outputs() : null, run.createdAt(), run.updatedAt(),
				run.finishedAt());
	}

	private static StepView step(String name, String type, List<Attempt> attempts, boolean compensation,
			boolean terminal) {
		List<Attempt> mine = attempts.stream()
			.filter((attempt) -> attempt.compensation() == compensation && attempt.stepName().equals(name))
			.toList();
		String status = mine.isEmpty() ? (terminal ? "skipped" : "pending") : mine.get(mine.size() - 1).status();
		JsonNode output = mine.isEmpty() ? null : mine.get(mine.size() - 1).output();
		return new StepView(name, type, status, mine.stream().map(AttemptView::of).toList(), output);
	}

}
