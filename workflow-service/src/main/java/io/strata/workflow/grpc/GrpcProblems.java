package io.strata.workflow.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * A use case's {@link ProblemException} as a gRPC failure that tells the caller what the
 * REST twin's problem would: the code, plus a {@code google.rpc.ErrorInfo} whose reason
 * is the problem type and whose metadata holds the HTTP status, plus a
 * {@code google.rpc.BadRequest} with the JSON pointers of invalid fields. GraphQL maps
 * these to its error codes, so a stale ETag and an action not allowed from the state
 * (both failed preconditions in gRPC terms) stay apart.
 */
final class GrpcProblems {

	static final String DOMAIN = "strata.io";

	private GrpcProblems() {
	}

	static StatusRuntimeException of(ProblemException problem) {
		String violations = String.join("; ",
				problem.errors().stream().map((error) -> error.pointer() + " " + error.message()).toList());
		return of(problem, problem.getMessage() + (violations.isEmpty() ? "" : ": " + violations));
	}

	static StatusRuntimeException of(ProblemException problem, String description) {
		com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
			.setCode(code(problem).getNumber())
			.setMessage(description)
			.addDetails(Any.pack(ErrorInfo.newBuilder()
				.setDomain(DOMAIN)
				.setReason(problem.type())
				.putMetadata("http_status", Integer.toString(problem.status().value()))
				.build()));
		if (!problem.errors().isEmpty()) {
			BadRequest.Builder badRequest = BadRequest.newBuilder();
			for (FieldViolation violation : problem.errors()) {
				badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
					.setField(violation.pointer())
					.setDescription(violation.message()));
			}
			status.addDetails(Any.pack(badRequest.build()));
		}
		return StatusProto.toStatusRuntimeException(status.build());
	}

	private static Code code(ProblemException problem) {
		return switch (problem.type()) {
			case "action-not-allowed" -> Code.FAILED_PRECONDITION;
			// another action holds the resource: retrying later can succeed
			case "action-in-progress" -> Code.ABORTED;
			default -> switch (problem.status()) {
				case NOT_FOUND -> Code.NOT_FOUND;
				case PRECONDITION_FAILED, PRECONDITION_REQUIRED, CONFLICT -> Code.FAILED_PRECONDITION;
				case FORBIDDEN -> Code.PERMISSION_DENIED;
				case UNAUTHORIZED -> Code.UNAUTHENTICATED;
				case TOO_MANY_REQUESTS -> Code.RESOURCE_EXHAUSTED;
				case SERVICE_UNAVAILABLE -> Code.UNAVAILABLE;
				default -> problem.status().is4xxClientError() ? Code.INVALID_ARGUMENT : Code.INTERNAL;
			};
		};
	}

}
