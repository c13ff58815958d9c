package io.strata.workflow.operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.problem.Problems;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.engine.Run;
import io.strata.workflow.engine.RunStore;
import io.strata.workflow.engine.WorkflowDefinitions;
import io.strata.workflow.engine.WorkflowWorkers;
import io.strata.workflow.support.PageTokens;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
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
class OperationController {

	private final StartingActions starting;

	private final RunStore runs;

	private final WorkflowDefinitions definitions;

	private final TenantScope tenants;

	private final WorkflowWorkers workers;

	private final JsonMapper json;

	OperationController(StartingActions starting, RunStore runs, WorkflowDefinitions definitions, TenantScope tenants,
			WorkflowWorkers workers, JsonMapper json) {
		this.starting = starting;
		this.runs = runs;
		this.definitions = definitions;
		this.tenants = tenants;
		this.workers = workers;
		this.json = json;
	}

	/**
	 * An action request.
	 *
	 * @param action the action's name
	 * @param resourceIds 1 to 100 resources
	 * @param input the action's input
	 */
	record ActionRequest(String action, List<String> resourceIds, JsonNode input) {

	}

	@PostMapping("/v2/resources/actions")
	ResponseEntity<Map<String, Object>> start(@RequestBody ActionRequest request) {
		JsonNode input = (request.input() != null) ? request.input() : this.json.createObjectNode();
		List<StartingActions.Started> results = this.starting.start(TenantContext.requireTenant(), request.action(),
				request.resourceIds(), input);
		List<Map<String, Object>> operations = new ArrayList<>();
		List<FieldViolation> errors = new ArrayList<>();
		boolean anyStarted = false;
		HttpStatus worst = HttpStatus.NOT_FOUND;
		for (StartingActions.Started started : results) {
			Map<String, Object> entry = new LinkedHashMap<>();
			if (started.run() != null) {
				anyStarted = true;
				entry.put("id", started.run().id());
				entry.put("resource_id", started.resourceId());
				entry.put("status", started.run().status().wire());
			}
			else {
				ProblemException refusal = started.refusal();
				entry.put("resource_id", started.resourceId());
				entry.put("status", "rejected");
				entry.put("error", Problems.toMap(Problems.of(refusal)));
				errors.add(new FieldViolation("/resource_ids/" + request.resourceIds().indexOf(started.resourceId()),
						refusal.getMessage()));
				if (refusal.status() == HttpStatus.CONFLICT || worst == HttpStatus.NOT_FOUND) {
					worst = (refusal.status() == HttpStatus.CONFLICT || worst == HttpStatus.CONFLICT)
							? HttpStatus.CONFLICT : refusal.status();
				}
			}
			operations.add(entry);
		}
		if (!anyStarted) {
			throw new ProblemException(worst, (worst == HttpStatus.CONFLICT) ? "action-not-allowed" : "not-found",
					(worst == HttpStatus.CONFLICT) ? "Action not allowed" : "Action not started",
					"The action started on none of the resources.", errors);
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("operations", operations));
	}

	@GetMapping("/v2/operations/{id}")
	OperationView get(@PathVariable String id) {
		return this.tenants.callForCurrentTenant((status) -> {
			Run run = this.runs.find(id).orElseThrow(() -> ProblemException.notFound("Operation", id));
			return OperationView.of(run, this.definitions.read(run.definitionJson(),
					this.json.readValue(run.definitionJson(), Object.class)), this.runs.attempts(id));
		});
	}

	@GetMapping("/v2/operations")
	Map<String, Object> list(@RequestParam(name = "resource_id", required = false) String resourceId,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		if (resourceId == null || resourceId.isBlank()) {
			throw ProblemException.invalid("List operations by resource.",
					List.of(new FieldViolation("/resource_id", "is required")));
		}
		int size = PageTokens.pageSize(pageSize);
		String after = PageTokens.decode(pageToken);
		List<Run> page = this.tenants
			.callForCurrentTenant((status) -> this.runs.listByResource(resourceId, after, size + 1));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("items", page.stream().limit(size).map(OperationController::summary).toList());
		body.put("next_page_token", (page.size() > size) ? PageTokens.encode(page.get(size - 1).id()) : null);
		return body;
	}

	@PostMapping("/v2/operations/{id}/signals/{name}")
	ResponseEntity<Map<String, Object>> signal(@PathVariable String id, @PathVariable String name,
			@RequestBody(required = false) JsonNode payload) {
		if (payload != null && !payload.isObject()) {
			throw ProblemException.invalid("A signal's body is a JSON object.",
					List.of(new FieldViolation("", "must be an object")));
		}
		String tenantId = TenantContext.requireTenant();
		this.tenants.run(tenantId, (status) -> {
			Run run = this.runs.find(id).orElseThrow(() -> ProblemException.notFound("Operation", id));
			if (run.status().terminal()) {
				throw ProblemException.conflict("The operation has finished (" + run.status().wire() + ").");
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> body = (payload != null) ? this.json.convertValue(payload, Map.class) : Map.of();
			if (!this.runs.signal(id, tenantId, name, body)) {
				throw ProblemException.conflict("The signal '" + name + "' was already sent to this operation.");
			}
		});
		this.workers.wakeUp();
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("operation_id", id, "signal", name));
	}

	@PostMapping("/v2/operations/{id}/cancel")
	ResponseEntity<Map<String, Object>> cancel(@PathVariable String id) {
		this.tenants.run(TenantContext.requireTenant(), (status) -> {
			Run run = this.runs.find(id).orElseThrow(() -> ProblemException.notFound("Operation", id));
			if (!this.runs.requestCancel(id)) {
				throw ProblemException.conflict("The operation can no longer be cancelled (" + run.status().wire()
						+ "): it has finished or is compensating.");
			}
		});
		this.workers.wakeUp();
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("operation_id", id, "status", "cancelling"));
	}

	private static Map<String, Object> summary(Run run) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", run.id());
		item.put("resource_id", run.resourceId());
		item.put("action", run.action());
		item.put("status", run.status().wire());
		item.put("error", run.error());
		item.put("created_at", run.createdAt());
		item.put("updated_at", run.updatedAt());
		return item;
	}

}
