package io.strata.workflow.grpc;

import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;

import io.strata.platform.problem.ProblemException;

/**
 * Workflow's use-case problems as gRPC failures: the platform's mapping
 * ({@link io.strata.platform.problem.GrpcProblems}), with the violations in the
 * description, and two codes of its own so that GraphQL keeps them apart: an action not
 * allowed from the state fails its precondition, an action held by another one is aborted
 * (retrying later can succeed).
 */
final class GrpcProblems {

	private GrpcProblems() {
	}

	static StatusRuntimeException of(ProblemException problem) {
		String violations = String.join("; ",
				problem.errors().stream().map((error) -> error.pointer() + " " + error.message()).toList());
		return of(problem, problem.getMessage() + (violations.isEmpty() ? "" : ": " + violations));
	}

	static StatusRuntimeException of(ProblemException problem, String description) {
		Code code = switch (problem.type()) {
			case "action-not-allowed" -> Code.FAILED_PRECONDITION;
			case "action-in-progress" -> Code.ABORTED;
			default -> io.strata.platform.problem.GrpcProblems.code(problem);
		};
		return io.strata.platform.problem.GrpcProblems.of(problem, code, description);
	}

}
