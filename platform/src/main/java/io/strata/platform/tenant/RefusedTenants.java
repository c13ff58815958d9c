package io.strata.platform.tenant;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants this instance refuses to serve: suspended ones until they are resumed,
 * deleted ones for good. Fed by {@link TenantStatusAutoConfiguration}'s listener.
 */
public class RefusedTenants {

	private final Set<String> suspended = ConcurrentHashMap.newKeySet();

	private final Set<String> deleted = ConcurrentHashMap.newKeySet();

	public void apply(TenantChange change) {
		switch (change.kind()) {
			case SUSPENDED -> this.suspended.add(change.tenantId());
			case RESUMED -> this.suspended.remove(change.tenantId());
			case DELETED -> this.deleted.add(change.tenantId());
		}
	}

	public boolean refuses(String tenantId) {
		return this.suspended.contains(tenantId) || this.deleted.contains(tenantId);
	}

}
