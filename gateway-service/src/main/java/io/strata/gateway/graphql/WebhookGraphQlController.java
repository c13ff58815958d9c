package io.strata.gateway.graphql;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Timestamp;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import io.strata.gateway.graphql.Connections.Connection;
import io.strata.gateway.graphql.Connections.ServicePage;
import io.strata.proto.notification.v1.CreateWebhookEndpointRequest;
import io.strata.proto.notification.v1.UpdateWebhookEndpointRequest;
import io.strata.proto.notification.v1.WebhookEndpoint;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;

/**
 * Webhook endpoints through notification's {@code WebhookService}: the same use cases,
 * validation and scopes as {@code /v2/webhooks}. Each field first needs its REST twin's
 * scope ({@link FieldScopes}); the signing secret is in the answer to
 * {@code createWebhookEndpoint} only.
 */
@Controller
class WebhookGraphQlController {

	private static final String ROUTE = "/v2/webhooks";

	private final DomainServices services;

	WebhookGraphQlController(DomainServices services) {
		this.services = services;
	}

	@QueryMapping
	Mono<Connection<WebhookEndpointNode>> webhookEndpoints(@Argument Integer first, @Argument String after,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return FieldScopes.require(caller, HttpMethod.GET, ROUTE)
			.then(Mono.defer(() -> Connections.page(first, after,
					(size, token) -> this.services.listWebhookEndpoints(caller, size, token)
						.map((page) -> new ServicePage<>(
								page.getEndpointsList().stream().map(WebhookEndpointNode::of).toList(),
								page.getNextPageToken())))));
	}

	@QueryMapping
	Mono<WebhookEndpointNode> webhookEndpoint(@Argument String id,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return FieldScopes.require(caller, HttpMethod.GET, ROUTE)
			.then(Mono.defer(() -> this.services.getWebhookEndpoint(caller, id).map(WebhookEndpointNode::of)));
	}

	@MutationMapping
	Mono<CreatedWebhookEndpoint> createWebhookEndpoint(@Argument CreateWebhookEndpointInput input,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return FieldScopes.require(caller, HttpMethod.POST, ROUTE)
			.then(Mono.defer(() -> this.services.createWebhookEndpoint(caller, input.request())))
			.map((created) -> new CreatedWebhookEndpoint(WebhookEndpointNode.of(created), created.getSecret()));
	}

	/** A partial update: fields absent from the input (or null) stay as they are. */
	@MutationMapping
	Mono<WebhookEndpointNode> updateWebhookEndpoint(@Argument String id, @Argument UpdateWebhookEndpointInput input,
			@Argument String ifMatch, @ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return FieldScopes.require(caller, HttpMethod.PATCH, ROUTE)
			.then(Mono.defer(() -> this.services.updateWebhookEndpoint(caller, input.request(id, ifMatch))))
			.map(WebhookEndpointNode::of);
	}

	@MutationMapping
	Mono<DeletedWebhookEndpoint> deleteWebhookEndpoint(@Argument String id, @Argument String ifMatch,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return FieldScopes.require(caller, HttpMethod.DELETE, ROUTE)
			.then(Mono.defer(() -> this.services.deleteWebhookEndpoint(caller, id, ifMatch)))
			.thenReturn(new DeletedWebhookEndpoint(id));
	}

	/**
	 * Metadata holds strings, as REST's; other JSON values are refused with a pointer.
	 */
	private static Map<String, String> strings(@Nullable Object value) {
		if (value == null) {
			return Map.of();
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new BadUserInputException("/metadata", "must be an object of strings");
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		map.forEach((key, entry) -> {
			if (!(entry instanceof String text)) {
				throw new BadUserInputException("/metadata/" + key, "must be a string");
			}
			metadata.put(String.valueOf(key), text);
		});
		return metadata;
	}

	/**
	 * {@code CreateWebhookEndpointInput}.
	 *
	 * @param url where deliveries go
	 * @param eventTypes exact types, family wildcards or {@code *}
	 * @param description free text, or null
	 * @param rateLimitPerSecond deliveries per second at most, or null for no limit
	 * @param metadata the caller's key/value pairs (a JSON object of strings), or null
	 */
	record CreateWebhookEndpointInput(String url, List<String> eventTypes, @Nullable String description,
			@Nullable Integer rateLimitPerSecond, @Nullable Object metadata) {

		CreateWebhookEndpointRequest.Builder request() {
			CreateWebhookEndpointRequest.Builder request = CreateWebhookEndpointRequest.newBuilder()
				.setUrl(this.url)
				.addAllEventTypes(this.eventTypes);
			if (this.description != null) {
				request.setDescription(this.description);
			}
			if (this.rateLimitPerSecond != null) {
				request.setRateLimitPerSecond(this.rateLimitPerSecond);
			}
			return request.putAllMetadata(strings(this.metadata));
		}

	}

	/**
	 * {@code UpdateWebhookEndpointInput}: null fields stay as they are.
	 *
	 * @param url where deliveries go
	 * @param eventTypes exact types, family wildcards or {@code *}
	 * @param description free text
	 * @param rateLimitPerSecond deliveries per second at most
	 * @param metadata the caller's key/value pairs (a JSON object of strings)
	 */
	record UpdateWebhookEndpointInput(@Nullable String url, @Nullable List<String> eventTypes,
			@Nullable String description, @Nullable Integer rateLimitPerSecond, @Nullable Object metadata) {

		UpdateWebhookEndpointRequest.Builder request(String id, @Nullable String ifMatch) {
			UpdateWebhookEndpointRequest.Builder request = UpdateWebhookEndpointRequest.newBuilder()
				.setId(id)
				.setIfMatch((ifMatch != null) ? ifMatch : "");
			if (this.url != null) {
				request.setUrl(this.url);
			}
			if (this.eventTypes != null) {
				request
					.setEventTypes(UpdateWebhookEndpointRequest.EventTypes.newBuilder().addAllValues(this.eventTypes));
			}
			if (this.description != null) {
				request.setDescription(this.description);
			}
			if (this.rateLimitPerSecond != null) {
				request.setRateLimitPerSecond(this.rateLimitPerSecond);
			}
			if (this.metadata != null) {
				request.setMetadata(
						UpdateWebhookEndpointRequest.Metadata.newBuilder().putAllValues(strings(this.metadata)));
			}
			return request;
		}

	}

	/**
	 * {@code WebhookEndpoint}.
	 *
	 * @param id the endpoint's id
	 * @param url where deliveries go
	 * @param description free text
	 * @param eventTypes exact types and wildcards
	 * @param rateLimitPerSecond deliveries per second at most, or null
	 * @param metadata the caller's key/value pairs
	 * @param status enabled or disabled
	 * @param disabledReason why, when disabled
	 * @param etag the REST API's ETag, which {@code ifMatch} takes
	 * @param version the version behind it
	 * @param createdAt creation
	 * @param updatedAt last change
	 */
	record WebhookEndpointNode(String id, String url, String description, List<String> eventTypes,
			Integer rateLimitPerSecond, Map<String, String> metadata, String status, String disabledReason, String etag,
			long version, Instant createdAt, Instant updatedAt) {

		static WebhookEndpointNode of(WebhookEndpoint endpoint) {
			return new WebhookEndpointNode(endpoint.getId(), endpoint.getUrl(),
					endpoint.getDescription().isEmpty() ? null : endpoint.getDescription(),
					endpoint.getEventTypesList(),
					endpoint.hasRateLimitPerSecond() ? endpoint.getRateLimitPerSecond() : null,
					endpoint.getMetadataMap(), endpoint.getStatus(),
					endpoint.getDisabledReason().isEmpty() ? null : endpoint.getDisabledReason(),
					Nodes.etag(endpoint.getVersion()), endpoint.getVersion(), instant(endpoint.getCreatedAt()),
					instant(endpoint.getUpdatedAt()));
		}

		private static Instant instant(Timestamp timestamp) {
			return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
		}

	}

	/**
	 * {@code CreatedWebhookEndpoint}: the endpoint and, this once, its signing secret.
	 */
	record CreatedWebhookEndpoint(WebhookEndpointNode endpoint, String secret) {
	}

	/** {@code DeleteWebhookEndpointPayload}. */
	record DeletedWebhookEndpoint(String id) {
	}

}
