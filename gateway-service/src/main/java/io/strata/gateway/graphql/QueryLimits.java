package io.strata.gateway.graphql;

import java.util.List;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.OperationDefinition;

/**
 * graphql-java's depth and complexity limits, refusing with a {@code QUERY_TOO_COMPLEX}
 * error before any resolver runs. Introspection is exempt: GraphiQL's and the code
 * generators' introspection query nests {@code ofType} deeper than any API query needs.
 */
final class QueryLimits {

	private QueryLimits() {
	}

	static MaxQueryDepthInstrumentation depth(int maxDepth) {
		return new MaxQueryDepthInstrumentation(maxDepth) {

			@Override
			public InstrumentationContext<ExecutionResult> beginExecuteOperation(
					InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
				return introspectionOnly(parameters) ? SimpleInstrumentationContext.noOp()
						: super.beginExecuteOperation(parameters, state);
			}

			@Override
			protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
				return refusal("The query is " + depth + " levels deep; at most " + maxDepth + " are allowed.");
			}

		};
	}

	static MaxQueryComplexityInstrumentation complexity(int maxComplexity) {
		return new MaxQueryComplexityInstrumentation(maxComplexity) {

			@Override
			public InstrumentationContext<ExecutionResult> beginExecuteOperation(
					InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
				return introspectionOnly(parameters) ? SimpleInstrumentationContext.noOp()
						: super.beginExecuteOperation(parameters, state);
			}

			@Override
			protected AbortExecutionException mkAbortException(int complexity, int maxComplexity) {
				return refusal(
						"The query selects " + complexity + " fields; at most " + maxComplexity + " are allowed.");
			}

		};
	}

	private static boolean introspectionOnly(InstrumentationExecuteOperationParameters parameters) {
		OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
		return operation.getSelectionSet()
			.getSelections()
			.stream()
			.allMatch((selection) -> selection instanceof Field field && field.getName().startsWith("__"));
	}

	private static AbortExecutionException refusal(String message) {
		return new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
			.errorType(ErrorCode.QUERY_TOO_COMPLEX)
			.message(message)
			.extensions(ErrorCode.QUERY_TOO_COMPLEX.extensions())
			.build()));
	}

}
