package io.strata.platform.tenant;

import java.util.Optional;

import io.cloudevents.CloudEvent;

import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTypes;
import io.strata.proto.identity.v1.TenantDeleted;
import io.strata.proto.identity.v1.TenantResumed;
import io.strata.proto.identity.v1.TenantSuspended;

/**
 * A change of a tenant's standing that identity announces on {@code identity.events} and
 * that other services act on: they refuse a suspended or deleted tenant's tokens, and
 * erase a deleted tenant's data.
 *
 * @param kind what happened
 * @param tenantId the tenant it happened to
 */
public record TenantChange(Kind kind, String tenantId) {

	public enum Kind {

		SUSPENDED, RESUMED, DELETED

	}

	/**
	 * The change an event announces; empty for every other event of the topic.
	 * @throws IllegalArgumentException when the payload is not the type's message or
	 * names no tenant (a poison event)
	 */
	public static Optional<TenantChange> of(CloudEvent event) {
		TenantChange change = switch (EventCatalog.payload(event).orElse(null)) {
			case TenantSuspended suspended -> new TenantChange(Kind.SUSPENDED, suspended.getTenantId());
			case TenantResumed resumed -> new TenantChange(Kind.RESUMED, resumed.getTenantId());
			case TenantDeleted deleted -> new TenantChange(Kind.DELETED, deleted.getTenantId());
			case null, default -> null;
		};
		if (change != null && change.tenantId().isBlank()) {
			throw new IllegalArgumentException("A tenant event without tenant id: " + event.getId());
		}
		return Optional.ofNullable(change);
	}

	/** The tenant a {@code identity.tenant.deleted} event deletes, if it is one. */
	public static Optional<String> deleted(CloudEvent event) {
		if (!EventCatalog.typeOf(TenantDeleted.class).equals(EventTypes.shortType(event.getType()))) {
			return Optional.empty();
		}
		return of(event).map(TenantChange::tenantId);
	}

}
