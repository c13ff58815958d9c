package io.strata.platform.mtls;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;

/**
 * The one way a Strata service opens a gRPC channel to another: with mTLS on it presents
 * this service's certificate and trusts only the bundle; with it off, plaintext as
 * before. The server's certificate must name the target host (a DNS or IP SAN).
 */
public class MtlsChannels {

	private final ChannelCredentials credentials;

	public MtlsChannels(MtlsProperties properties) {
		this.credentials = properties.enabled() ? tls(properties.requireComplete())
				: InsecureChannelCredentials.create();
	}

	/** A channel to {@code target} ({@code host:port} or a name-resolver URI). */
	public ManagedChannel forTarget(String target) {
		return Grpc.newChannelBuilder(target, this.credentials).build();
	}

	private static ChannelCredentials tls(MtlsProperties properties) {
		try {
			return TlsChannelCredentials.newBuilder()
				.keyManager(properties.certificate().toFile(), properties.privateKey().toFile())
				.trustManager(properties.trustBundle().toFile())
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the mTLS certificate, key or trust bundle", ex);
		}
	}

}
