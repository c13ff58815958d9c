package io.strata.workflow.operation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.workflow.engine.Run;
import io.strata.workflow.engine.AttemptStore.Attempt;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.WorkflowDefinition;

/** An operation (a workflow run) as {@code GET /v2/operations/{id}} shows it. */
@Schema(name = "Operation", description = "An operation: the workflow run an action started on one resource.")
record OperationView(@Schema(example = "op_01HZX3M2") String id, @Schema(example = "acme") String tenantId,
		@Schema(example = "res_01HZX3K9") String resourceId, @Schema(example = "approve") String action,
		@Schema(example = "completed") String status, @Schema(example = "open") String fromState,
		@Schema(example = "approved") String toState, List<StepView> steps, List<StepView> compensations,
		@Nullable String error, @Nullable JsonNode result, @Schema(example = "2024-05-01T12:00:00Z") Instant createdAt,
		@Schema(example = "2024-05-01T12:00:05Z") Instant updatedAt,
		@Nullable @Schema(example = "2024-05-01T12:00:05Z") Instant finishedAt) {

	@Schema(name = "OperationStep", description = "A step of an operation (or of its compensation).")
	record StepView(@Schema(example = "charge") String name, @Schema(example = "http_request") String type,
			@Schema(example = "succeeded") String status, List<AttemptView> attempts, @Nullable JsonNode output) {

	}

	@Schema(name = "OperationStepAttempt", description = "One attempt of a step.")
	record AttemptView(@Schema(example = "1") int attempt, @Schema(example = "succeeded") String status,
			@Nullable String idempotencyKey, @Schema(example = "2024-05-01T12:00:01Z") Instant startedAt,
			@Nullable Instant finishedAt, @Nullable Long durationMillis, @Nullable JsonNode output,
			@Nullable String errorCode, @Nullable String error) {

		static AttemptView of(Attempt attempt) {
			return new AttemptView(attempt.attempt(), attempt.status(), attempt.idempotencyKey(), attempt.startedAt(),
					attempt.finishedAt(),
					(attempt.finishedAt() != null)
							? Duration.between(attempt.startedAt(), attempt.finishedAt()).toMillis() : null,
					attempt.output(), attempt.errorCode(), attempt.error());
		}

	}

	static OperationView of(Run run, WorkflowDefinition definition, List<Attempt> attempts, JsonMapper json) {
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
				run.status().terminal() && run.error() == null ? json.valueToTree(run.outputs()) : null,
				run.createdAt(), run.updatedAt(), run.finishedAt());
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
