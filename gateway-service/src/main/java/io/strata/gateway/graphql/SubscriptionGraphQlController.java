package io.strata.gateway.graphql;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import reactor.core.publisher.Flux;

import io.strata.gateway.graphql.Nodes.OperationNode;
import io.strata.gateway.graphql.Nodes.ResourceNode;
import io.strata.platform.events.EventCatalog;
import io.strata.proto.notification.v1.StreamedEvent;
import io.strata.proto.resource.v1.ResourceDeleted;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;

/**
 * Subscriptions, fed by notification's event stream ({@code NotificationService/
 * StreamEvents}): the tenant's events as webhooks and the SSE stream carry them, filtered
 * there by tenant and by the platform's event → scope table, through the tenant's shared
 * stream ({@link TenantEventStreams}), which a subscription leaves when the client
 * completes it or the socket closes.
 */
@Controller
class SubscriptionGraphQlController {

	private static final Set<String> FINISHED = Set.of("completed", "failed", "compensated", "cancelled");

	private final DomainServices services;

	private final TenantEventStreams streams;

	SubscriptionGraphQlController(DomainServices services, TenantEventStreams streams) {
		this.services = services;
		this.streams = streams;
	}

	@SubscriptionMapping
	Flux<ResourceEventNode> resourceEvents(@Argument String type,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return this.streams.events(caller, SubscriptionAuthentication.RESOURCE_EVENTS)
			.map(ResourceEventNode::of)
			.filter((event) -> type == null || type.equals(event.resourceType()));
	}

	/**
	 * The operation as it is now, then again after each of its run's events, until it has
	 * finished.
	 */
	@SubscriptionMapping
	Flux<OperationNode> operationUpdated(@Argument String id, @ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		Flux<OperationNode> updates = this.streams.events(caller, SubscriptionAuthentication.OPERATION_EVENTS)
			.filter((event) -> id.equals(runId(event)))
			.concatMap((event) -> this.services.getOperation(caller, id))
			.map(OperationNode::of);
		return Flux.merge(updates, this.services.getOperation(caller, id).map(OperationNode::of))
			.distinctUntilChanged((operation) -> operation.status() + "@" + operation.updatedAt())
			.takeUntil((operation) -> FINISHED.contains(operation.status()));
	}

	/** The run (operation) a workflow event is about. */
	private static String runId(StreamedEvent event) {
		Map<String, Object> data = data(body(event));
		if (data.get("operation") instanceof Map<?, ?> operation) {
			return Objects.toString(operation.get("id"), null);
		}
		return Objects.toString(data.get("run_id"), null);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> body(StreamedEvent event) {
		return (StructValues.parseJson(event.getBodyJson()) instanceof Map<?, ?> body) ? (Map<String, Object>) body
				: Map.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> body) {
		return (body.get("data") instanceof Map<?, ?> data) ? (Map<String, Object>) data : Map.of();
	}

	/**
	 * {@code ResourceEvent}.
	 *
	 * @param cursor position in the tenant's event stream
	 * @param type the event type ({@code resource.created}, …)
	 * @param occurredAt when it was committed
	 * @param resourceId the resource's id
	 * @param resourceType the resource type's name
	 * @param resource the resource as the event carries it; null for
	 * {@code resource.deleted}
	 * @param data the event's data as webhooks carry it
	 */
	record ResourceEventNode(String cursor, String type, Instant occurredAt, String resourceId, String resourceType,
			ResourceNode resource, Map<String, Object> data) {

		static ResourceEventNode of(StreamedEvent event) {
			Map<String, Object> body = body(event);
			Map<String, Object> data = SubscriptionGraphQlController.data(body);
			Object timestamp = body.get("timestamp");
			return new ResourceEventNode(event.getCursor(), event.getType(),
					(timestamp != null) ? Instant.parse(timestamp.toString()) : null,
					Objects.toString(data.get("id"), null), Objects.toString(data.get("type"), null),
					resource(event.getType(), data), data);
		}

		/** The event's resource (rendered as REST does: snake_case, int64 as text). */
		@SuppressWarnings("unchecked")
		private static ResourceNode resource(String type, Map<String, Object> data) {
			if (EventCatalog.typeOf(ResourceDeleted.class).equals(type) || data.get("created_at") == null) {
				return null;
			}
			long version = Long.parseLong(Objects.toString(data.get("version"), "0"));
			Object attributes = data.get("attributes");
			return new ResourceNode(Objects.toString(data.get("id"), null), Objects.toString(data.get("type"), null),
					Integer.parseInt(Objects.toString(data.get("type_version"), "0")),
					Objects.toString(data.get("state"), null),
					(attributes instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of(), Nodes.etag(version),
					version, Instant.parse(data.get("created_at").toString()),
					Instant.parse(Objects.toString(data.get("updated_at"), data.get("created_at").toString())));
		}

	}

}
