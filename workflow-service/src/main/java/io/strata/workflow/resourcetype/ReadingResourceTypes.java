package io.strata.workflow.resourcetype;

import java.util.List;
import java.util.Optional;

import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.stereotype.Service;

/**
 * Reads a tenant's resource types, for the REST and the gRPC adapter alike: both answer
 * from the same rows under the tenant's row-level security.
 */
@Service
public class ReadingResourceTypes {

	private final TenantScope tenants;

	private final ResourceTypeStore store;

	ReadingResourceTypes(TenantScope tenants, ResourceTypeStore store) {
		this.tenants = tenants;
		this.store = store;
	}

	/** A version of the type; {@code 0} is its current version. */
	public Optional<ResourceType> find(String tenantId, String name, int version) {
		return this.tenants.call(tenantId, (status) -> this.store.find(name, version));
	}

	/** The current versions of the named types that exist, in the order asked. */
	public List<ResourceType> findCurrent(String tenantId, List<String> names) {
		return this.tenants.call(tenantId,
				(status) -> names.stream().map((name) -> this.store.find(name, 0)).flatMap(Optional::stream).toList());
	}

	/** The tenant's types in their current versions, by name. */
	public Page<ResourceType> page(String tenantId, PageRequest page) {
		return page.page(this.tenants.call(tenantId, (status) -> this.store.listCurrent(page.after(), page.limit())),
				ResourceType::name);
	}

}
