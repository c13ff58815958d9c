package io.strata.gateway.graphql;

import java.util.List;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.security.RouteScopes;

import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;

/**
 * Every failure of a resolver as a GraphQL error with {@code extensions {code, status,
 * type}}: a service's gRPC status (refined by the {@code google.rpc.ErrorInfo} reason the
 * services attach, which is the REST problem type) or the gateway's own refusal of an
 * argument. The message is the service's problem detail for what the caller can fix; for
 * everything else it is fixed text, never an internal message or a stack trace (the log
 * has those).
 */
final class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

	private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

	@Override
	protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
		if (ex instanceof GrpcCallException call) {
			return fromService(call, GraphqlErrorBuilder.newError(env), env.getExecutionStepInfo().getPath());
		}
		if (ex instanceof FieldScopes.MissingScopeException missing) {
			return error(env, ErrorCode.FORBIDDEN, missing.getMessage(), ErrorCode.FORBIDDEN.extensions());
		}
		if (ex instanceof BadUserInputException bad) {
			Map<String, Object> extensions = ErrorCode.BAD_USER_INPUT.extensions();
			extensions.put("errors", List.of(Map.of("pointer", bad.pointer(), "message", bad.getMessage())));
			return error(env, ErrorCode.BAD_USER_INPUT, bad.getMessage(), extensions);
		}
		log.error("GraphQL field {} failed", env.getExecutionStepInfo().getPath(), ex);
		return error(env, ErrorCode.INTERNAL, "Internal error.", ErrorCode.INTERNAL.extensions());
	}

	/**
	 * A service's failure as an error; {@code where} names the field or subscription for
	 * the log.
	 */
	static GraphQLError fromService(GrpcCallException call, GraphqlErrorBuilder<?> builder, Object where) {
		Status status = call.status().getStatus();
		com.google.rpc.Status details = StatusProto.fromThrowable(call.status());
		ErrorInfo info = (details != null) ? unpack(details.getDetailsList(), ErrorInfo.class) : null;
		ErrorCode code = code(status.getCode(), (info != null) ? info.getReason() : null);
		String message = switch (code) {
			case FORBIDDEN -> RouteScopes.grpcMethod(call.method())
				.map(RouteScopes::missingScopeDetail)
				.orElse("The credentials do not grant access to this field.");
			case UNAUTHENTICATED -> "The credentials are invalid, expired or revoked.";
			case UNAVAILABLE -> "A service is unavailable; retry shortly.";
			case RATE_LIMITED -> "A service is busy; retry shortly.";
			case INTERNAL -> "Internal error.";
			default -> (status.getDescription() != null) ? status.getDescription() : code.name();
		};
		if (code == ErrorCode.INTERNAL || code == ErrorCode.UNAVAILABLE) {
			log.warn("{} failed for GraphQL field {}: {}", call.method(), where, status);
		}
		Map<String, Object> extensions = code.extensions();
		if (info != null && !info.getReason().isEmpty() && code != ErrorCode.INTERNAL) {
			extensions.put("reason", info.getReason());
		}
		BadRequest badRequest = (details != null) ? unpack(details.getDetailsList(), BadRequest.class) : null;
		if (badRequest != null && badRequest.getFieldViolationsCount() > 0) {
			extensions.put("errors", badRequest.getFieldViolationsList()
				.stream()
				.map((violation) -> Map.of("pointer", violation.getField(), "message", violation.getDescription()))
				.toList());
		}
		return builder.errorType(code).message(message).extensions(extensions).build();
	}

	/**
	 * The reason (the REST problem type) tells apart what one gRPC code covers: a stale
	 * ETag and an action not allowed from the resource's state are both
	 * FAILED_PRECONDITION.
	 */
	static ErrorCode code(Status.Code grpc, String reason) {
		if (reason != null) {
			switch (reason) {
				case "precondition-failed":
					return ErrorCode.PRECONDITION_FAILED;
				case "action-not-allowed", "action-in-progress", "conflict":
					return ErrorCode.CONFLICT;
				case "validation", "bad-request", "unprocessable":
					return ErrorCode.BAD_USER_INPUT;
				case "not-found":
					return ErrorCode.NOT_FOUND;
				default:
					break;
			}
		}
		return switch (grpc) {
			case NOT_FOUND -> ErrorCode.NOT_FOUND;
			case PERMISSION_DENIED -> ErrorCode.FORBIDDEN;
			case UNAUTHENTICATED -> ErrorCode.UNAUTHENTICATED;
			case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorCode.BAD_USER_INPUT;
			case FAILED_PRECONDITION -> ErrorCode.PRECONDITION_FAILED;
			case ABORTED, ALREADY_EXISTS -> ErrorCode.CONFLICT;
			case RESOURCE_EXHAUSTED -> ErrorCode.RATE_LIMITED;
			case UNAVAILABLE, DEADLINE_EXCEEDED -> ErrorCode.UNAVAILABLE;
			default -> ErrorCode.INTERNAL;
		};
	}

	private static GraphQLError error(DataFetchingEnvironment env, ErrorCode code, String message,
			Map<String, Object> extensions) {
		return GraphqlErrorBuilder.newError(env).errorType(code).message(message).extensions(extensions).build();
	}

	private static <T extends com.google.protobuf.Message> T unpack(List<Any> details, Class<T> type) {
		for (Any detail : details) {
			if (detail.is(type)) {
				try {
					return detail.unpack(type);
				}
				catch (InvalidProtocolBufferException ex) {
					return null;
				}
			}
		}
		return null;
	}

}
