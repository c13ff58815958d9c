package io.strata.notification.ingest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.strata.notification.endpoint.Endpoint;
import io.strata.notification.endpoint.EndpointRepository;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Sends a {@code webhook.test} message to one endpoint, through the normal delivery path
 * (signature, retries, attempt log), so the receiver's setup can be checked end to end.
 * It is not part of the live stream.
 */
@Service
class SendingTestMessages {

	static final String TEST_TYPE = "webhook.test";

	private final TenantScope tenants;

	private final EndpointRepository endpoints;

	private final MessageStore messages;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	SendingTestMessages(TenantScope tenants, EndpointRepository endpoints, MessageStore messages,
			ApplicationEventPublisher events, JsonMapper json) {
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.messages = messages;
		this.events = events;
		this.json = json;
	}

	String send(String endpointId) {
		String messageId = this.tenants.callForCurrentTenant((status) -> {
			Endpoint endpoint = this.endpoints.find(endpointId)
				.orElseThrow(() -> ProblemException.notFound("Webhook endpoint", endpointId));
			Instant now = Instant.now();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", TEST_TYPE);
			body.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(now));
			body.put("data", Map.of("endpoint_id", endpoint.id(), "message", "A test event from Strata."));
			String tenant = TenantContext.requireTenant();
			String id = this.messages
				.record(tenant, Ids.newId("test"), TEST_TYPE, now, this.json.writeValueAsString(body), false, null)
				.orElseThrow();
			this.messages.schedule(tenant, id, List.of(endpoint.id()));
			this.events.publishEvent(new DeliveriesScheduled(1, 1));
			return id;
		});
		return messageId;
	}

}
