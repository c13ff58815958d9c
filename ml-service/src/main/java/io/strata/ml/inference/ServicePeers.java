package io.strata.ml.inference;

import java.security.cert.Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Whether a gRPC call came from another Strata service over mutual TLS: its peer
 * presented a certificate that the handshake verified against the trust bundle (and the
 * platform's allowed-callers check then admitted). A plaintext call never is.
 */
@Configuration(proxyBeanMethods = false)
class ServicePeers {

	private static final Context.Key<Boolean> VERIFIED = Context.key("strata.verified-service-peer");

	/** Whether the current call's peer is a verified service. */
	static boolean verified() {
		return Boolean.TRUE.equals(VERIFIED.get());
	}

	@Bean
	@GlobalServerInterceptor
	ServerInterceptor servicePeerInterceptor() {
		return new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				return Contexts.interceptCall(Context.current()
					.withValue(VERIFIED, hasVerifiedPeer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))),
						call, headers, next);
			}
		};
	}

	private static boolean hasVerifiedPeer(SSLSession session) {
		if (session == null) {
			return false;
		}
		try {
			Certificate[] chain = session.getPeerCertificates();
			return chain != null && chain.length > 0;
		}
		catch (SSLPeerUnverifiedException ex) {
			return false;
		}
	}

}
