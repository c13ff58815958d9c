package io.strata.platform.tenant;

import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cloudevents.CloudEvent;

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

	/** Short event types, as {@link EventTypes#shortType} gives them. */
	public static final String SUSPENDED = "identity.tenant.suspended";

	public static final String RESUMED = "identity.tenant.resumed";

	public static final String DELETED = "identity.tenant.deleted";

	public enum Kind {

		SUSPENDED, RESUMED, DELETED

	}

	/**
	 * The change an event announces; empty for every other event of the topic.
	 * @throws IllegalArgumentException when the payload is not the type's message or
	 * names no tenant (a poison event)
	 */
	public static Optional<TenantChange> of(CloudEvent event) {
		byte[] data = (event.getData() != null) ? event.getData().toBytes() : new byte[0];
		try {
			TenantChange change = switch (EventTypes.shortType(event.getType())) {
				case SUSPENDED -> new TenantChange(Kind.SUSPENDED, TenantSuspended.parseFrom(data).getTenantId());
				case RESUMED -> new TenantChange(Kind.RESUMED, TenantResumed.parseFrom(data).getTenantId());
				case DELETED -> new TenantChange(Kind.DELETED, TenantDeleted.parseFrom(data).getTenantId());
				default -> null;
			};
			if (change != null && change.tenantId().isBlank()) {
				throw new IllegalArgumentException("A tenant event without tenant id: " + event.getId());
			}
			return Optional.ofNullable(change);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("Unreadable tenant event " + event.getId(), ex);
		}
	}

	/** The tenant a {@code identity.tenant.deleted} event deletes, if it is one. */
	public static Optional<String> deleted(CloudEvent event) {
		if (!DELETED.equals(EventTypes.shortType(event.getType()))) {
			return Optional.empty();
		}
		return of(event).map(TenantChange::tenantId);
	}

}
