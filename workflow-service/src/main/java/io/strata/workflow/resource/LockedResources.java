package io.strata.workflow.resource;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

import io.strata.workflow.support.TransactionScoped;

import org.springframework.stereotype.Component;

/**
 * Resources a workflow transaction locked up front (the runs it advances act on them):
 * kept for the rest of the transaction, so its steps read them, lock them and end their
 * actions without reading them again. Every change a step makes goes through here and
 * keeps the copy current; outside such a transaction it reads the store.
 */
@Component
class LockedResources {

	private final ResourceStore store;

	LockedResources(ResourceStore store) {
		this.store = store;
	}

	/** Locks the resources (in id order) and keeps them for the transaction. */
	void lockAll(Collection<String> ids) {
		Map<String, Resource> kept = TransactionScoped.obtain(this, java.util.HashMap::new);
		if (kept == null) {
			throw new IllegalStateException("resources are locked inside a transaction");
		}
		for (String id : ids) {
			kept.put(id, null);
		}
		this.store.lockAll(ids).forEach((resource) -> kept.put(resource.id(), resource));
	}

	Optional<Resource> find(String id) {
		Map<String, Resource> kept = TransactionScoped.find(this);
		return (kept != null && kept.containsKey(id)) ? Optional.ofNullable(kept.get(id)) : this.store.find(id);
	}

	Optional<Resource> lock(String id) {
		Map<String, Resource> kept = TransactionScoped.find(this);
		return (kept != null && kept.containsKey(id)) ? Optional.ofNullable(kept.get(id)) : this.store.lock(id);
	}

	/** The resource as a step just wrote it (or its action ended). */
	void changed(Resource resource) {
		Map<String, Resource> kept = TransactionScoped.find(this);
		if (kept != null && kept.containsKey(resource.id())) {
			kept.put(resource.id(), resource);
		}
	}

	/** A change whose result was not read back: the next read goes to the store. */
	void forget(String id) {
		Map<String, Resource> kept = TransactionScoped.find(this);
		if (kept != null) {
			kept.remove(id);
		}
	}

}
