package io.strata.workflow.resource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import io.strata.workflow.support.TransactionScoped;

import org.springframework.stereotype.Component;

/**
 * Resources a workflow transaction locked up front (the runs it advances act on them):
 * kept for the rest of the transaction, so its steps read them, change them and end their
 * actions without a round trip each; what changed is written in one batch just before the
 * transaction commits. The rows stay locked until then, so nobody else sees or writes
 * them in between. Outside such a transaction (or for a resource it did not lock) every
 * call goes to the store at once.
 */
@Component
class LockedResources {

	/**
	 * What the transaction holds.
	 *
	 * @param resources the locked resources as they stand now (null: not found)
	 * @param changed those to write before the commit
	 */
	private record Kept(Map<String, Resource> resources, Set<String> changed) {

		Kept() {
			this(new HashMap<>(), new LinkedHashSet<>());
		}

		Resource get(String id) {
			return this.resources.get(id);
		}

		Resource change(Resource resource) {
			this.resources.put(resource.id(), resource);
			this.changed.add(resource.id());
			return resource;
		}

	}

	private final ResourceStore store;

	LockedResources(ResourceStore store) {
		this.store = store;
	}

	/** Locks the resources (in id order) and keeps them for the transaction. */
	void lockAll(Collection<String> ids) {
		Kept kept = TransactionScoped.obtain(this, Kept::new, this::write);
		if (kept == null) {
			throw new IllegalStateException("resources are locked inside a transaction");
		}
		for (String id : ids) {
			kept.resources().put(id, null);
		}
		this.store.lockAll(ids).forEach((resource) -> kept.resources().put(resource.id(), resource));
	}

	Optional<Resource> find(String id) {
		Kept kept = TransactionScoped.find(this);
		return (kept != null && kept.resources().containsKey(id)) ? Optional.ofNullable(kept.get(id))
				: this.store.find(id);
	}

	Optional<Resource> lock(String id) {
		Kept kept = TransactionScoped.find(this);
		return (kept != null && kept.resources().containsKey(id)) ? Optional.ofNullable(kept.get(id))
				: this.store.lock(id);
	}

	/**
	 * New attributes (and state, if not null) over the version read; the resource as
	 * changed, or empty when that version is no longer current.
	 */
	Optional<Resource> update(Resource current, JsonNode attributes, int typeVersion, String state, Instant at) {
		Kept kept = TransactionScoped.find(this);
		Resource held = (kept != null) ? kept.get(current.id()) : null;
		if (held == null) {
			return this.store.update(current.id(), current.version(), attributes, typeVersion, state, at);
		}
		if (held.version() != current.version()) {
			return Optional.empty();
		}
		return Optional.of(kept.change(new Resource(held.id(), held.tenantId(), held.type(), typeVersion,
				(state != null) ? state : held.state(), attributes, held.version() + 1, held.activeRunId(),
				held.createdAt(), micros(at))));
	}

	/**
	 * Moves the state and ends the run's claim on the resource; the resource as moved, or
	 * empty when the run no longer held it.
	 */
	Optional<Resource> finishAction(String id, String runId, String state, Instant at) {
		Kept kept = TransactionScoped.find(this);
		Resource held = (kept != null) ? kept.get(id) : null;
		if (held == null) {
			return this.store.finishAction(id, runId, state, at);
		}
		if (!runId.equals(held.activeRunId())) {
			return Optional.empty();
		}
		return Optional.of(kept.change(new Resource(held.id(), held.tenantId(), held.type(), held.typeVersion(), state,
				held.attributes(), held.version() + 1, null, held.createdAt(), micros(at))));
	}

	/** Ends the run's claim without a state change. */
	void releaseAction(String id, String runId) {
		Kept kept = TransactionScoped.find(this);
		Resource held = (kept != null) ? kept.get(id) : null;
		if (held == null) {
			this.store.releaseAction(id, runId);
		}
		else if (runId.equals(held.activeRunId())) {
			kept.change(new Resource(held.id(), held.tenantId(), held.type(), held.typeVersion(), held.state(),
					held.attributes(), held.version(), null, held.createdAt(), held.updatedAt()));
		}
	}

	private void write(Kept kept) {
		if (!kept.changed().isEmpty()) {
			this.store.writeAll(kept.changed().stream().map(kept::get).toList());
			kept.changed().clear();
		}
	}

	/** What PostgreSQL keeps of a time, so the copy equals the row. */
	private static Instant micros(Instant at) {
		return at.truncatedTo(ChronoUnit.MICROS);
	}

}
