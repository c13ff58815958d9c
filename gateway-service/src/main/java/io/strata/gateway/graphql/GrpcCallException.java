package io.strata.gateway.graphql;

import io.grpc.StatusRuntimeException;

/** A service's refusal or failure, with the gRPC method it answered. */
final class GrpcCallException extends RuntimeException {

	private final String method;

	GrpcCallException(String method, StatusRuntimeException cause) {
		super(method + ": " + cause.getStatus().getCode(), cause);
		this.method = method;
	}

	String method() {
		return this.method;
	}

	StatusRuntimeException status() {
		return (StatusRuntimeException) getCause();
	}

}
