package io.strata.platform.mtls;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers only the callers this service lists by SPIFFE id. The TLS handshake has already
 * proven the certificate chains to the trust bundle; this decides which of the platform's
 * services may call, so a compromised service cannot reach every other one.
 * <p>
 * The standard health service is open to any caller the handshake admitted: it reveals
 * nothing, and probes and operators' tools should not have to be listed on every server.
 */
class AllowedCallersInterceptor implements ServerInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(AllowedCallersInterceptor.class);

	private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

	private final Set<String> allowed;

	AllowedCallersInterceptor(Collection<String> allowed) {
		this.allowed = Set.copyOf(allowed);
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		if (HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
			return next.startCall(call, headers);
		}
		Optional<String> caller = callerOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
		if (caller.isPresent() && this.allowed.contains(caller.get())) {
			return next.startCall(call, headers);
		}
		logger.warn("Refused {} to {}", call.getMethodDescriptor().getFullMethodName(),
				caller.orElse("a caller without a SPIFFE id"));
		call.close(Status.PERMISSION_DENIED.withDescription("caller not allowed"), new Metadata());
		return new ServerCall.Listener<>() {
		};
	}

	private static Optional<String> callerOf(SSLSession session) {
		if (session == null) {
			return Optional.empty();
		}
		try {
			return SpiffeIds.ofChain(session.getPeerCertificates());
		}
		catch (SSLPeerUnverifiedException ex) {
			return Optional.empty();
		}
	}

}
