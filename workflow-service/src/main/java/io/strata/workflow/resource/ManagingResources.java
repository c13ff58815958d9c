package io.strata.workflow.resource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import tools.jackson.databind.JsonNode;

import io.strata.platform.outbox.Outbox;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.ETags;
import io.strata.platform.web.Ids;
import io.strata.workflow.resourcetype.ResourceType;

import org.springframework.stereotype.Service;

/**
 * Creates, replaces, merge-patches and deletes resources. Each change and its event
 * (resource.created / updated / deleted) commit in one transaction through the outbox.
 * The state is not written here: only actions move it.
 */
@Service
public class ManagingResources {

	private final TenantScope tenants;

	private final ResourceStore store;

	private final AttributeValidation validation;

	private final Outbox outbox;

	ManagingResources(TenantScope tenants, ResourceStore store, AttributeValidation validation, Outbox outbox) {
		this.tenants = tenants;
		this.store = store;
		this.validation = validation;
		this.outbox = outbox;
	}

	public Resource create(String tenantId, String typeName, JsonNode attributes) {
		return this.tenants.call(tenantId, (status) -> {
			ResourceType type = this.validation.validate(typeName, attributes, true);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			Resource resource = new Resource(Ids.newId("res"), tenantId, type.name(), type.version(),
					type.lifecycle().initial(), attributes, 1, null, now, now);
			this.store.insert(resource);
			this.outbox.append(ResourceEvents.created(resource));
			return resource;
		});
	}

	public Resource get(String tenantId, String id) {
		return this.tenants.call(tenantId, (status) -> this.store.find(id))
			.orElseThrow(() -> ProblemException.notFound("Resource", id));
	}

	public Resource replace(String tenantId, String id, String ifMatch, JsonNode attributes) {
		return change(tenantId, id, ifMatch, (current) -> attributes);
	}

	public Resource patch(String tenantId, String id, String ifMatch, JsonNode patch) {
		return change(tenantId, id, ifMatch, (current) -> MergePatch.apply(current.attributes(), patch));
	}

	public void delete(String tenantId, String id, String ifMatch) {
		this.tenants.run(tenantId, (status) -> {
			Resource current = this.store.lock(id).orElseThrow(() -> ProblemException.notFound("Resource", id));
			ETags.check(ifMatch, current.version());
			this.store.delete(id, current.version());
			this.outbox.append(ResourceEvents.deleted(current));
		});
	}

	private Resource change(String tenantId, String id, String ifMatch,
			java.util.function.Function<Resource, JsonNode> newAttributes) {
		return this.tenants.call(tenantId, (status) -> {
			Resource current = this.store.lock(id).orElseThrow(() -> ProblemException.notFound("Resource", id));
			ETags.check(ifMatch, current.version());
			JsonNode attributes = newAttributes.apply(current);
			ResourceType type = this.validation.validate(current.type(), attributes, false);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			this.store.updateAttributes(id, current.version(), attributes, type.version(), now);
			Resource changed = this.store.find(id).orElseThrow();
			this.outbox.append(ResourceEvents.updated(changed));
			return changed;
		});
	}

}
