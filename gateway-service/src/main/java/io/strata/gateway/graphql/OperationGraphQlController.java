package io.strata.gateway.graphql;

import java.util.Map;

import reactor.core.publisher.Mono;

import io.strata.platform.proto.Structs;
import io.strata.gateway.graphql.Nodes.MeNode;
import io.strata.gateway.graphql.Nodes.OperationNode;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * Actions and the operations they start, through workflow's {@code WorkflowService}; and
 * {@code me}, which the token alone answers.
 */
@Controller
class OperationGraphQlController {

	private final DomainServices services;

	OperationGraphQlController(DomainServices services) {
		this.services = services;
	}

	@QueryMapping
	Mono<OperationNode> operation(@Argument String id, @ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return this.services.getOperation(caller, id).map(OperationNode::of);
	}

	/**
	 * Starts the action on one resource. A refusal (not allowed from the state, another
	 * action running, invalid input) fails the call, so it is the field's error.
	 */
	@MutationMapping
	Mono<OperationNode> runAction(@Argument RunActionInput input,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return this.services
			.startAction(caller, input.action(), input.resourceId(),
					Structs.ofMap((input.input() != null) ? input.input() : Map.of()))
			.map((response) -> OperationNode.of(response.getOperations(0)));
	}

	@QueryMapping
	MeNode me(@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		return MeNode.of(caller);
	}

	/**
	 * {@code RunActionInput}.
	 *
	 * @param resourceId the resource to act on
	 * @param action the action's name, as the resource type's lifecycle defines it
	 * @param input the action's input, checked against its input schema
	 */
	record RunActionInput(String resourceId, String action, Map<String, Object> input) {

	}

}
