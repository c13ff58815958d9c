package io.strata.workflow.resource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import tools.jackson.databind.JsonNode;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.workflow.resourcetype.ResourceType;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.stereotype.Component;

/**
 * Resource changes a workflow step makes: the same validation and events as the API's,
 * inside the caller's (the step's) tenant transaction.
 */
@Component
public class WorkflowResourceWrites {

	private final LockedResources locked;

	private final AttributeValidation validation;

	private final TransactionEvents outbox;

	WorkflowResourceWrites(LockedResources locked, AttributeValidation validation, TransactionEvents outbox) {
		this.locked = locked;
		this.validation = validation;
		this.outbox = outbox;
	}

	/**
	 * Merges the attributes (RFC 7396) and optionally moves the state.
	 * @param id the resource
	 * @param attributesPatch merge patch of the attributes, or null
	 * @param state the new state, or null
	 * @param action the action whose workflow makes the change
	 * @return the changed resource
	 * @throws IllegalArgumentException when the result is invalid; the message says why
	 */
	public Resource set(String id, JsonNode attributesPatch, String state, String action) {
		Resource current = this.locked.lock(id)
			.orElseThrow(() -> new IllegalArgumentException("the resource " + id + " no longer exists"));
		JsonNode attributes = (attributesPatch != null) ? MergePatch.apply(current.attributes(), attributesPatch)
				: current.attributes();
		ResourceType type;
		try {
			type = this.validation.validate(current.type(), attributes, false);
		}
		catch (ProblemException ex) {
			throw new IllegalArgumentException(ex.getMessage() + " "
					+ ex.errors()
						.stream()
						.map((FieldViolation violation) -> violation.pointer() + " " + violation.message())
						.toList(),
					ex);
		}
		if (state != null && !type.lifecycle().states().contains(state)) {
			throw new IllegalArgumentException("'" + state + "' is not a state of " + type.name());
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		// the row is locked: the version read is the one written over
		Resource changed = this.locked
			.update(current, attributes, type.version(),
					(state != null && !state.equals(current.state())) ? state : null, now)
			.orElseThrow();
		this.outbox.append(ResourceEvents.updated(changed));
		if (state != null && !state.equals(current.state())) {
			this.outbox.append(ResourceEvents.stateChanged(changed, current.state(), action));
		}
		return changed;
	}

}
