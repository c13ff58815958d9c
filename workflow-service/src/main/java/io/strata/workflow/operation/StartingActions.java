package io.strata.workflow.operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;
import io.strata.workflow.engine.Run;
import io.strata.workflow.engine.WorkflowRuns;
import io.strata.workflow.resource.Resource;
import io.strata.workflow.resource.ResourceStore;
import io.strata.workflow.resourcetype.ActionDefinition;
import io.strata.workflow.resourcetype.ResourceType;
import io.strata.workflow.resourcetype.ResourceTypeStore;
import io.strata.workflow.schema.JsonSchemas;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Starts an action on up to 100 resources, all in one transaction: per resource, checks
 * the action is allowed from the resource's state, claims the resource for the run (of
 * two concurrent actions on one resource exactly one wins: the second waits for the
 * first's row lock, then finds the resource taken) and starts its run (the engine's
 * {@link WorkflowRuns#start}). One resource's refusal (decided before anything is written
 * for it) does not stop the others; workers take the runs up once the transaction
 * commits.
 */
@Service
public class StartingActions {

	static final int MAX_RESOURCES = 100;

	private final TenantScope tenants;

	private final ResourceStore resources;

	private final ResourceTypeStore types;

	private final WorkflowRuns runs;

	private final JsonSchemas schemas;

	private final JsonMapper json;

	private final TransactionEvents events;

	StartingActions(TenantScope tenants, ResourceStore resources, ResourceTypeStore types, WorkflowRuns runs,
			JsonSchemas schemas, JsonMapper json, TransactionEvents events) {
		this.events = events;
		this.tenants = tenants;
		this.resources = resources;
		this.types = types;
		this.runs = runs;
		this.schemas = schemas;
		this.json = json;
	}

	/**
	 * The outcome for one resource: a run, or why it was refused.
	 *
	 * @param resourceId the resource
	 * @param run the started run, or null
	 * @param refusal why not, or null
	 */
	public record Started(String resourceId, Run run, ProblemException refusal) {

	}

	public List<Started> start(String tenantId, String action, List<String> resourceIds, JsonNode given) {
		// an action that needs no input is started without one: absent or null input is
		// {}
		JsonNode input = (given == null || given.isNull() || given.isMissingNode())
				? JsonNodeFactory.instance.objectNode() : given;
		check(action, resourceIds, input);
		@SuppressWarnings("unchecked")
		Map<String, Object> inputMap = this.json.convertValue(input, Map.class);
		return this.tenants.call(tenantId, (status) -> {
			// the runs' events in one batch at the end
			this.events.collect();
			Map<String, ResourceType> types = new HashMap<>();
			Set<String> ids = new LinkedHashSet<>(resourceIds);
			Map<String, Resource> found = this.resources.findAll(ids);
			List<Started> results = new ArrayList<>();
			for (String resourceId : ids) {
				try {
					Resource resource = Optional.ofNullable(found.get(resourceId))
						.orElseThrow(() -> ProblemException.notFound("Resource", resourceId));
					results.add(new Started(resourceId, startOne(tenantId, action, resource, input, inputMap, types),
							null));
				}
				catch (ProblemException ex) {
					// thrown before anything was written for the resource
					results.add(new Started(resourceId, null, ex));
				}
			}
			return results;
		});
	}

	private Run startOne(String tenantId, String actionName, Resource resource, JsonNode input,
			Map<String, Object> inputMap, Map<String, ResourceType> types) {
		String resourceId = resource.id();
		ResourceType type = types.computeIfAbsent(resource.type(), (name) -> this.types.find(name, 0).orElseThrow());
		ActionDefinition action = type.lifecycle().actions().get(actionName);
		if (action == null) {
			throw new ProblemException(HttpStatus.CONFLICT, "action-not-allowed", "Action not allowed",
					"Resources of type '" + type.name() + "' have no action '" + actionName + "'.");
		}
		if (action.inputSchema() != null) {
			List<FieldViolation> violations = this.schemas.validate(action.inputSchema(), input, "/input");
			if (!violations.isEmpty()) {
				throw ProblemException.invalid("The input breaks the action's input_schema.", violations);
			}
		}
		if (!action.from().contains(resource.state())) {
			throw new ProblemException(HttpStatus.CONFLICT, "action-not-allowed", "Action not allowed",
					"The action '" + actionName + "' is not allowed from the state '" + resource.state()
							+ "' (allowed from: " + String.join(", ", action.from()) + ").");
		}
		String runId = Ids.newId("op");
		if (!this.resources.startAction(resourceId, runId, action.from())) {
			throw new ProblemException(HttpStatus.CONFLICT, "action-in-progress", "Action in progress",
					"Another action is running on the resource " + resourceId
							+ " (or its state just changed); retry when it has finished.");
		}
		String definition = (action.workflow() != null) ? action.workflow().toString() : "{\"steps\":[]}";
		return this.runs.start(new WorkflowRuns.NewRun(runId, tenantId, resourceId, actionName, resource.state(),
				action.to(), definition, inputMap));
	}

	private static void check(String action, List<String> resourceIds, JsonNode input) {
		List<FieldViolation> violations = new ArrayList<>();
		if (action == null || action.isBlank()) {
			violations.add(new FieldViolation("/action", "is required"));
		}
		if (resourceIds == null || resourceIds.isEmpty() || resourceIds.size() > MAX_RESOURCES) {
			violations.add(new FieldViolation("/resource_ids", "must hold 1 to " + MAX_RESOURCES + " resource ids"));
		}
		else {
			for (int i = 0; i < resourceIds.size(); i++) {
				if (resourceIds.get(i) == null || resourceIds.get(i).isBlank()) {
					violations.add(new FieldViolation("/resource_ids/" + i, "must be a resource id"));
				}
			}
		}
		if (!input.isObject()) {
			violations.add(new FieldViolation("/input", "must be an object"));
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The action request is invalid.", violations);
		}
	}

}
