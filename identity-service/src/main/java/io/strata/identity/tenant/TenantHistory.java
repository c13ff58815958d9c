package io.strata.identity.tenant;

import java.util.Map;

import com.google.protobuf.Message;

import io.strata.identity.audit.AuditLog;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;

import org.springframework.stereotype.Component;

/**
 * Records a change of a tenant twice, in the changing transaction: in the tenant's own
 * audit chain ({@code tenant.<change>}, so the tenant's admins see what the platform did
 * to it) and as an {@code identity.tenant.<change>} event on the outbox.
 */
@Component
class TenantHistory {

	private final AuditLog audit;

	private final Outbox outbox;

	TenantHistory(AuditLog audit, Outbox outbox) {
		this.audit = audit;
		this.outbox = outbox;
	}

	void record(String tenantId, String actor, String change, Map<String, ?> details, Message event) {
		audit(tenantId, actor, change, details);
		this.outbox.append(DomainEvent.of(tenantId, tenantId, event));
	}

	/** Only the audit entry, for a step other services need not hear about. */
	void audit(String tenantId, String actor, String change, Map<String, ?> details) {
		this.audit.append(tenantId, actor, "tenant." + change, tenantId, details);
	}

}
