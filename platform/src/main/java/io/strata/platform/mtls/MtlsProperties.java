package io.strata.platform.mtls;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Mutual TLS between services. Off by default, so tests and plain runs keep plaintext
 * gRPC and HTTP; {@code ./strata up} turns it on with certificates from {@link LocalCa},
 * a deployment with PEM files mounted from its secrets.
 *
 * @param enabled whether gRPC servers and servlet services' HTTP ports require client
 * certificates, and gRPC channels and HTTP clients to other services present one
 * @param certificate this service's certificate chain (PEM)
 * @param privateKey this service's PKCS#8 private key (PEM)
 * @param trustBundle the CA certificates a peer's certificate must chain to (PEM)
 * @param spiffeId this service's id,
 * {@code spiffe://strata.local/ns/<namespace>/sa/<service>}, which its certificate must
 * carry
 * @param allowedCallers the SPIFFE ids this service's gRPC server answers; any other
 * caller gets {@code PERMISSION_DENIED}
 * @param allowedHttpCallers the SPIFFE ids this servlet service's HTTPS port answers; any
 * other caller gets 403. A separate list, because HTTP and gRPC callers differ (every
 * service reads identity's JWKS over HTTP, only the gateway calls its gRPC API).
 */
@ConfigurationProperties("strata.mtls")
public record MtlsProperties(boolean enabled, Path certificate, Path privateKey, Path trustBundle, String spiffeId,
		@DefaultValue List<String> allowedCallers, @DefaultValue List<String> allowedHttpCallers) {

	/** Fails fast on a half-configured switch rather than at the first call. */
	MtlsProperties requireComplete() {
		if (this.certificate == null || this.privateKey == null || this.trustBundle == null || this.spiffeId == null) {
			throw new IllegalStateException("strata.mtls.enabled=true needs strata.mtls.certificate, "
					+ "strata.mtls.private-key, strata.mtls.trust-bundle and strata.mtls.spiffe-id");
		}
		return this;
	}

}
