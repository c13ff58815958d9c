package io.strata.gateway.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import io.strata.platform.proto.Structs;
import io.strata.gateway.graphql.Connections.Connection;
import io.strata.gateway.graphql.Connections.ServicePage;
import io.strata.gateway.graphql.Nodes.ResourceNode;
import io.strata.gateway.graphql.Nodes.ResourceTypeNode;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * Resources: read and written through workflow's {@code ResourceService} (the system of
 * record), listed and searched through analytics' {@code SearchService} (the read model
 * behind {@code GET /v2/resources}), their types batched per request.
 */
@Controller
class ResourceGraphQlController {

	private final DomainServices services;

	ResourceGraphQlController(DomainServices services) {
		this.services = services;
	}

	@QueryMapping
	Mono<ResourceNode> resource(@Argument String id, @ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return this.services.getResource(caller, id).map(ResourceNode::of);
	}

	@QueryMapping
	Mono<Connection<ResourceNode>> resources(@Argument String filter, @Argument String query, @Argument SearchMode mode,
			@Argument String orderBy, @Argument Integer first, @Argument String after,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		DomainServices.Search search = new DomainServices.Search(filter, query,
				(mode != null) ? mode : SearchMode.KEYWORD, orderBy);
		return Connections.page(first, after,
				(size, token) -> this.services.searchResources(caller, search, size, token)
					.map((page) -> new ServicePage<>(page.getItemsList().stream().map(ResourceNode::of).toList(),
							page.getNextPageToken())));
	}

	/**
	 * The current version of each resource's type, in one {@code BatchGetResourceTypes}
	 * call per request whatever the number of resources (the DataLoader batches them).
	 */
	@BatchMapping(typeName = "Resource", field = "resourceType")
	Mono<Map<ResourceNode, ResourceTypeNode>> resourceType(List<ResourceNode> resources,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		List<String> names = resources.stream().map(ResourceNode::type).distinct().toList();
		return this.services.batchGetResourceTypes(caller, names).map((response) -> {
			Map<String, ResourceTypeNode> byName = response.getResourceTypesList()
				.stream()
				.map(ResourceTypeNode::of)
				.collect(Collectors.toMap(ResourceTypeNode::name, Function.identity(), (a, b) -> a));
			Map<ResourceNode, ResourceTypeNode> types = new LinkedHashMap<>();
			for (ResourceNode resource : resources) {
				ResourceTypeNode type = byName.get(resource.type());
				if (type != null) {
					types.put(resource, type);
				}
			}
			return types;
		});
	}

	@MutationMapping
	Mono<ResourceNode> createResource(@Argument CreateResourceInput input,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return this.services
			.createResource(caller, input.type(),
					Structs.ofMap((input.attributes() != null) ? input.attributes() : Map.of()))
			.map(ResourceNode::of);
	}

	@MutationMapping
	Mono<ResourceNode> updateResource(@Argument String id, @Argument Map<String, Object> attributes,
			@Argument String ifMatch, @ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return this.services.updateResource(caller, id, Structs.ofMap(attributes), etag(ifMatch)).map(ResourceNode::of);
	}

	@MutationMapping
	Mono<DeletedResource> deleteResource(@Argument String id, @Argument String ifMatch,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return this.services.deleteResource(caller, id, etag(ifMatch)).thenReturn(new DeletedResource(id));
	}

	/**
	 * {@code ifMatch} as the resource's {@code etag} gives it ({@code "3"}), or bare
	 * ({@code 3}), which GraphQL clients tend to send; none is no check.
	 */
	private static String etag(String ifMatch) {
		if (ifMatch == null) {
			return "";
		}
		String trimmed = ifMatch.trim();
		return (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) ? "\"" + trimmed + "\"" : trimmed;
	}

	/**
	 * {@code CreateResourceInput}.
	 *
	 * @param type the type's name
	 * @param attributes the attributes, a JSON object
	 */
	record CreateResourceInput(String type, Map<String, Object> attributes) {

	}

	/** {@code SearchMode}: analytics' search modes. */
	enum SearchMode {

		KEYWORD, SEMANTIC, HYBRID

	}

	/** {@code DeleteResourcePayload}. */
	record DeletedResource(String id) {

	}

}
