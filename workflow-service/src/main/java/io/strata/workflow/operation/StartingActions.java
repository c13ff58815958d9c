package io.strata.workflow.operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * the action is allowed from the resource's state (the type's action and input checked
 * once per type); then claims the resources left for their runs in one statement (of two
 * concurrent actions on one resource exactly one wins: the second waits for the first's
 * row lock, then finds the resource taken) and starts their runs (the engine's
 * {@link WorkflowRuns#startAll}: one batch, their events at the commit). One resource's
 * refusal (decided before anything is written for it) does not stop the others; workers
 * take the runs up once the transaction commits.
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
			// decided per resource before anything is written; then the resources left
			// are
			// claimed by one statement and their runs written in one batch
			Map<String, Started> results = new LinkedHashMap<>();
			Map<String, Prepared> prepared = new HashMap<>();
			Map<String, WorkflowRuns.NewRun> candidates = new LinkedHashMap<>();
			for (String resourceId : ids) {
				try {
					Resource resource = Optional.ofNullable(found.get(resourceId))
						.orElseThrow(() -> ProblemException.notFound("Resource", resourceId));
					Prepared type = prepared.computeIfAbsent(resource.type(), (name) -> prepare(name, action, input));
					candidates.put(resourceId, type.newRun(tenantId, action, resource, inputMap));
					results.put(resourceId, null);
				}
				catch (ProblemException ex) {
					results.put(resourceId, new Started(resourceId, null, ex));
				}
			}
			Set<String> claimed = this.resources.startActions(candidates.values()
				.stream()
				.map((run) -> new ResourceStore.ActionStart(run.resourceId(), run.id(), run.fromState()))
				.toList());
			List<WorkflowRuns.NewRun> starting = candidates.values()
				.stream()
				.filter((run) -> claimed.contains(run.resourceId()))
				.toList();
			for (Run run : this.runs.startAll(starting)) {
				results.put(run.resourceId(), new Started(run.resourceId(), run, null));
			}
			candidates.keySet()
				.stream()
				.filter((resourceId) -> !claimed.contains(resourceId))
				.forEach((resourceId) -> results.put(resourceId,
						new Started(resourceId, null,
								new ProblemException(HttpStatus.CONFLICT, "action-in-progress", "Action in progress",
										"Another action is running on the resource " + resourceId
												+ " (or its state just changed); retry when it has finished."))));
			return new ArrayList<>(results.values());
		});
	}

	/**
	 * The action on resources of one type: its definition, or why it is refused for every
	 * resource of the type (the input is the same for all of them).
	 *
	 * @param action the action, or null when refused
	 * @param refusal why not, or null
	 * @param definition its workflow as JSON text
	 */
	private record Prepared(ActionDefinition action, ProblemException refusal, String definition) {

		WorkflowRuns.NewRun newRun(String tenantId, String actionName, Resource resource,
				Map<String, Object> inputMap) {
			if (this.refusal != null) {
				throw this.refusal;
			}
			if (!this.action.from().contains(resource.state())) {
				throw new ProblemException(HttpStatus.CONFLICT, "action-not-allowed", "Action not allowed",
						"The action '" + actionName + "' is not allowed from the state '" + resource.state()
								+ "' (allowed from: " + String.join(", ", this.action.from()) + ").");
			}
			return new WorkflowRuns.NewRun(Ids.newId("op"), tenantId, resource.id(), actionName, resource.state(),
					this.action.to(), this.definition, inputMap);
		}

	}

	private Prepared prepare(String typeName, String actionName, JsonNode input) {
		ResourceType type = this.types.find(typeName, 0).orElseThrow();
		ActionDefinition action = type.lifecycle().actions().get(actionName);
		if (action == null) {
			return new Prepared(null,
					new ProblemException(HttpStatus.CONFLICT, "action-not-allowed", "Action not allowed",
							"Resources of type '" + type.name() + "' have no action '" + actionName + "'."),
					null);
		}
		if (action.inputSchema() != null) {
			List<FieldViolation> violations = this.schemas.validate(action.inputSchema(), input, "/input");
			if (!violations.isEmpty()) {
				return new Prepared(null,
						ProblemException.invalid("The input breaks the action's input_schema.", violations), null);
			}
		}
		return new Prepared(action, null,
				(action.workflow() != null) ? action.workflow().toString() : "{\"steps\":[]}");
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
