package io.strata.workflow.operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.problem.Problems;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.strata.workflow.engine.Run;
import io.strata.workflow.engine.ReadingRuns;
import io.strata.workflow.engine.WorkflowRuns;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Actions ({@code POST /v2/resources/actions}) and the operations they start
 * ({@code /v2/operations}).
 *
 * <p>
 * Per-resource results of an action: the answer is {@code 202} when at least one
 * resource's run started; {@code operations[]} then holds one entry per requested
 * resource, in request order: {@code {"id", "resource_id", "status": "pending"}} for a
 * started run, or {@code {"resource_id", "status": "rejected", "error": {problem}}} with
 * the problem's status (409 action not allowed from the current state or another action
 * running, 404 unknown resource, 400 invalid input) and reason. When no run started, the
 * answer is that problem itself (409 when any refusal was a conflict) with
 * {@code errors[]} pointing at each {@code /resource_ids/i}.
 */
@RestController
@Tag(name = "operations")
class OperationController {

	private final StartingActions starting;

	private final ReadingRuns runs;

	private final WorkflowRuns workflows;

	private final JsonMapper json;

	OperationController(StartingActions starting, ReadingRuns runs, WorkflowRuns workflows, JsonMapper json) {
		this.starting = starting;
		this.runs = runs;
		this.workflows = workflows;
		this.json = json;
	}

	/**
	 * An action request.
	 *
	 * @param action the action's name
	 * @param resourceIds 1 to 100 resources
	 * @param input the action's input
	 */
	@Schema(description = "An action to start on 1 to 100 resources.")
	record ActionRequest(@Schema(example = "approve") String action, List<String> resourceIds,
			@Nullable JsonNode input) {

	}

	/** The answer to an action: one entry per requested resource, in request order. */
	@Schema(description = "One entry per requested resource, in request order.")
	record ActionResult(List<ActionOperation> operations) {

	}

	/**
	 * What an action did on one resource: a started operation ({@code id}, status
	 * {@code pending}) or a refusal (status {@code rejected} and its {@code error}).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(description = "A started operation on one resource, or why it was rejected.")
	record ActionOperation(@Nullable @Schema(example = "op_01HZX3M2") String id,
			@Schema(example = "res_01HZX3K9") String resourceId, @Schema(example = "pending", allowableValues = {
					"pending", "rejected" }) String status,
			@Nullable ActionRefusal error){

	}

	/** Why an action was refused on one resource: a problem (RFC 9457). */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	@Schema(description = "Why the action was refused on this resource (RFC 9457 members).")
	record ActionRefusal(@Schema(example = "https://strata.io/problems/action-not-allowed") String type,
			@Schema(example = "Action not allowed") String title, @Schema(example = "409") int status,
			@Nullable String detail, @Nullable List<FieldViolation> errors) {

		static ActionRefusal of(ProblemException refusal) {
			ProblemDetail problem = Problems.of(refusal);
			return new ActionRefusal(String.valueOf(problem.getType()), problem.getTitle(), problem.getStatus(),
					problem.getDetail(), refusal.errors().isEmpty() ? null : refusal.errors());
		}

	}

	/** An operation as lists show it. */
	@Schema(name = "OperationSummary", description = "An operation as lists show it.")
	record OperationSummary(@Schema(example = "op_01HZX3M2") String id,
			@Schema(example = "res_01HZX3K9") String resourceId, @Schema(example = "approve") String action,
			@Schema(example = "running") String status, @Nullable String error,
			@Schema(example = "2024-05-01T12:00:00Z") Instant createdAt,
			@Schema(example = "2024-05-01T12:00:05Z") Instant updatedAt) {

		static OperationSummary of(Run run) {
			return new OperationSummary(run.id(), run.resourceId(), run.action(), run.status().wire(), run.error(),
					run.createdAt(), run.updatedAt());
		}

	}

	/** A signal was recorded for the operation. */
	record SignalAccepted(@Schema(example = "op_01HZX3M2") String operationId,
			@Schema(example = "approved") String signal) {

	}

	/** The operation is being cancelled. */
	record CancelAccepted(@Schema(example = "op_01HZX3M2") String operationId,
			@Schema(example = "cancelling") String status) {

	}

	@PostMapping("/v2/resources/actions")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "runResourceAction", summary = "Start an action on resources")
	ResponseEntity<ActionResult> start(@RequestBody ActionRequest request) {
		JsonNode input = (request.input() != null) ? request.input() : this.json.createObjectNode();
		List<StartingActions.Started> results = this.starting.start(TenantContext.requireTenant(), request.action(),
				request.resourceIds(), input);
		List<ActionOperation> operations = new ArrayList<>();
		List<FieldViolation> errors = new ArrayList<>();
		boolean anyStarted = false;
		HttpStatus worst = HttpStatus.NOT_FOUND;
		for (StartingActions.Started started : results) {
			if (started.run() != null) {
				anyStarted = true;
				operations.add(new ActionOperation(started.run().id(), started.resourceId(),
						started.run().status().wire(), null));
			}
			else {
				ProblemException refusal = started.refusal();
				operations.add(new ActionOperation(null, started.resourceId(), "rejected", ActionRefusal.of(refusal)));
				errors.add(new FieldViolation("/resource_ids/" + request.resourceIds().indexOf(started.resourceId()),
						refusal.getMessage()));
				if (refusal.status() == HttpStatus.CONFLICT || worst == HttpStatus.NOT_FOUND) {
					worst = (refusal.status() == HttpStatus.CONFLICT || worst == HttpStatus.CONFLICT)
							? HttpStatus.CONFLICT : refusal.status();
				}
			}
		}
		if (!anyStarted) {
			throw new ProblemException(worst, (worst == HttpStatus.CONFLICT) ? "action-not-allowed" : "not-found",
					(worst == HttpStatus.CONFLICT) ? "Action not allowed" : "Action not started",
					"The action started on none of the resources.", errors);
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ActionResult(operations));
	}

	@GetMapping("/v2/operations/{id}")
	@Operation(operationId = "getOperation", summary = "Get an operation with its steps and attempts")
	OperationView get(@PathVariable String id) {
		ReadingRuns.RunDetail detail = this.runs.detail(TenantContext.requireTenant(), id)
			.orElseThrow(() -> ProblemException.notFound("Operation", id));
		return OperationView.of(detail.run(), detail.definition(), detail.attempts(), this.json);
	}

	@GetMapping("/v2/operations")
	@Operation(operationId = "listOperations", summary = "List the operations of a resource")
	Page<OperationSummary> list(@RequestParam(name = "resource_id", required = false) String resourceId,
			PageRequest page) {
		if (resourceId == null || resourceId.isBlank()) {
			throw ProblemException.invalid("List operations by resource.",
					List.of(new FieldViolation("/resource_id", "is required")));
		}
		return this.runs.page(TenantContext.requireTenant(), resourceId, page).map(OperationSummary::of);
	}

	@PostMapping("/v2/operations/{id}/signals/{name}")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "signalOperation", summary = "Send a named signal to a waiting operation")
	ResponseEntity<SignalAccepted> signal(@PathVariable String id, @PathVariable String name,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
					description = "The signal's payload: any JSON object.",
					content = @Content(mediaType = "application/json",
							schema = @Schema(type = "object", example = "{\"by\": \"alice\"}"))) @RequestBody(
									required = false) JsonNode payload) {
		if (payload != null && !payload.isObject()) {
			throw ProblemException.invalid("A signal's body is a JSON object.",
					List.of(new FieldViolation("", "must be an object")));
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> body = (payload != null) ? this.json.convertValue(payload, Map.class) : Map.of();
		this.workflows.signal(TenantContext.requireTenant(), id, name, body);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new SignalAccepted(id, name));
	}

	@PostMapping("/v2/operations/{id}/cancel")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "cancelOperation", summary = "Cancel an operation (its completed steps compensate)")
	ResponseEntity<CancelAccepted> cancel(@PathVariable String id) {
		this.workflows.cancel(TenantContext.requireTenant(), id);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new CancelAccepted(id, "cancelling"));
	}

}
