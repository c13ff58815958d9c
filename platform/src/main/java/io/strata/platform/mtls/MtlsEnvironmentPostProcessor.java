package io.strata.platform.mtls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code strata.mtls.*} into what Spring gRPC's server already understands: a PEM
 * SSL bundle and {@code spring.grpc.server.ssl} with {@code client-auth: require}. So the
 * server's TLS is Boot's own, and a service configures mTLS with four paths and a list
 * rather than with bundle plumbing. Added last, so explicit {@code spring.*} settings
 * still win; nothing is added while mTLS is off.
 */
class MtlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String BUNDLE = "strata-mtls";

	private static final String PEM = "spring.ssl.bundle.pem." + BUNDLE;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MtlsProperties bound = Binder.get(environment).bindOrCreate("strata.mtls", MtlsProperties.class);
		if (!bound.enabled()) {
			return;
		}
		MtlsProperties mtls = bound.requireComplete();
		requireOwnId(mtls);
		environment.getPropertySources()
			.addLast(new MapPropertySource("strataMtls",
					Map.of(PEM + ".keystore.certificate", location(mtls.certificate()), //
							PEM + ".keystore.private-key", location(mtls.privateKey()), //
							PEM + ".truststore.certificate", location(mtls.trustBundle()), //
							"spring.grpc.server.ssl.bundle", BUNDLE, //
							"spring.grpc.server.ssl.client-auth", "require")));
	}

	/** A certificate issued for another service is a deployment mistake worth a crash. */
	private static void requireOwnId(MtlsProperties mtls) {
		Optional<String> id;
		try (InputStream in = Files.newInputStream(mtls.certificate())) {
			id = SpiffeIds.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the mTLS certificate " + mtls.certificate(), ex);
		}
		if (!id.equals(Optional.of(mtls.spiffeId()))) {
			throw new IllegalStateException("The mTLS certificate " + mtls.certificate() + " carries "
					+ id.orElse("no SPIFFE id") + ", not strata.mtls.spiffe-id " + mtls.spiffeId());
		}
	}

	private static String location(Path path) {
		return "file:" + path.toAbsolutePath();
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

}
