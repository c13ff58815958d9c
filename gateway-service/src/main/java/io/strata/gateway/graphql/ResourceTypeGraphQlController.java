package io.strata.gateway.graphql;

import reactor.core.publisher.Mono;

import io.strata.gateway.graphql.Connections.Connection;
import io.strata.gateway.graphql.Connections.ServicePage;
import io.strata.gateway.graphql.Nodes.ResourceTypeNode;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** Resource types, from workflow's {@code ResourceService}. */
@Controller
class ResourceTypeGraphQlController {

	private final DomainServices services;

	ResourceTypeGraphQlController(DomainServices services) {
		this.services = services;
	}

	@QueryMapping
	Mono<Connection<ResourceTypeNode>> resourceTypes(@Argument Integer first, @Argument String after,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return Connections.page(first, after,
				(size, token) -> this.services.listResourceTypes(caller, size, token)
					.map((page) -> new ServicePage<>(
							page.getResourceTypesList().stream().map(ResourceTypeNode::of).toList(),
							page.getNextPageToken())));
	}

	@QueryMapping
	Mono<ResourceTypeNode> resourceType(@Argument String name, @ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return this.services.getResourceType(caller, name).map(ResourceTypeNode::of);
	}

}
