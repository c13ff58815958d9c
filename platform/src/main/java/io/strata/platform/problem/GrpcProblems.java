package io.strata.platform.problem;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * A use case's {@link ProblemException} as a gRPC failure that tells the caller what the
 * REST twin's problem would: the code, plus a {@code google.rpc.ErrorInfo} whose reason
 * is the problem type and whose metadata holds the HTTP status, plus a
 * {@code google.rpc.BadRequest} with the JSON pointers of invalid fields. One mapping for
 * every service's gRPC API; GraphQL maps these to its error codes.
 */
public final class GrpcProblems {

	public static final String DOMAIN = "strata.io";

	private GrpcProblems() {
	}

	public static StatusRuntimeException of(ProblemException problem) {
		return of(problem, code(problem), problem.getMessage());
	}

	public static StatusRuntimeException of(ProblemException problem, Code code, String description) {
		com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
			.setCode(code.getNumber())
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

	/** The gRPC code of the problem's HTTP status. */
	public static Code code(ProblemException problem) {
		return switch (problem.status()) {
			case NOT_FOUND -> Code.NOT_FOUND;
			case PRECONDITION_FAILED, PRECONDITION_REQUIRED, CONFLICT -> Code.FAILED_PRECONDITION;
			case FORBIDDEN -> Code.PERMISSION_DENIED;
			case UNAUTHORIZED -> Code.UNAUTHENTICATED;
			case TOO_MANY_REQUESTS -> Code.RESOURCE_EXHAUSTED;
			case SERVICE_UNAVAILABLE -> Code.UNAVAILABLE;
			default -> problem.status().is4xxClientError() ? Code.INVALID_ARGUMENT : Code.INTERNAL;
		};
	}

}
