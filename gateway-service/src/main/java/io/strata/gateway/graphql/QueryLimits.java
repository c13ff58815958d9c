package io.strata.gateway.graphql;

import java.util.List;
import java.util.Map;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;

/**
 * graphql-java's depth and complexity limits, and a limit on aliases (each alias of a
 * field runs it again: {@code a1: resources … a50: resources} is fifty searches in one
 * request of little depth and complexity), refusing with a {@code QUERY_TOO_COMPLEX}
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

	/** At most {@code maxAliases} aliased fields in the operation, fragments included. */
	static SimplePerformantInstrumentation aliases(int maxAliases) {
		return new SimplePerformantInstrumentation() {

			@Override
			public InstrumentationContext<ExecutionResult> beginExecuteOperation(
					InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
				var context = parameters.getExecutionContext();
				int aliases = count(context.getOperationDefinition().getSelectionSet(), context.getFragmentsByName());
				if (aliases > maxAliases) {
					throw refusal("The query has " + aliases + " aliases; at most " + maxAliases + " are allowed.");
				}
				return SimpleInstrumentationContext.noOp();
			}

		};
	}

	/** Validation has refused fragment cycles before execution begins. */
	private static int count(SelectionSet selections, Map<String, FragmentDefinition> fragments) {
		if (selections == null) {
			return 0;
		}
		int aliases = 0;
		for (Selection<?> selection : selections.getSelections()) {
			if (selection instanceof Field field) {
				aliases += ((field.getAlias() != null) ? 1 : 0) + count(field.getSelectionSet(), fragments);
			}
			else if (selection instanceof InlineFragment inline) {
				aliases += count(inline.getSelectionSet(), fragments);
			}
			else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
				// a fragment spread twice counts twice: it runs twice
				aliases += count(fragments.get(spread.getName()).getSelectionSet(), fragments);
			}
		}
		return aliases;
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
