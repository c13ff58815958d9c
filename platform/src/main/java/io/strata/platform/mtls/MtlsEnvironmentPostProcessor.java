package io.strata.platform.mtls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code strata.mtls.*} into what Spring's servers and clients already understand:
 * a PEM SSL bundle; {@code spring.grpc.server.ssl} with {@code client-auth: require}; for
 * a servlet service, HTTPS on its port with {@code server.ssl.client-auth: need}, while
 * the management port (health probes, Prometheus) stays plain HTTP; for the gateway (the
 * reactive app), the bundle on its proxy client. So TLS is Boot's own, and a service
 * configures mTLS with four paths and two lists rather than with bundle plumbing. Added
 * last, so explicit settings still win; nothing is added while mTLS is off.
 */
class MtlsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private static final String PEM = "spring.ssl.bundle.pem." + MtlsHttpClients.BUNDLE;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MtlsProperties bound = Binder.get(environment).bindOrCreate("strata.mtls", MtlsProperties.class);
		if (!bound.enabled()) {
			return;
		}
		MtlsProperties mtls = bound.requireComplete();
		requireOwnId(mtls);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put(PEM + ".keystore.certificate", location(mtls.certificate()));
		settings.put(PEM + ".keystore.private-key", location(mtls.privateKey()));
		settings.put(PEM + ".truststore.certificate", location(mtls.trustBundle()));
		settings.put("spring.grpc.server.ssl.bundle", MtlsHttpClients.BUNDLE);
		settings.put("spring.grpc.server.ssl.client-auth", "require");
		settings.putAll(http(application.getWebApplicationType()));
		environment.getPropertySources().addLast(new MapPropertySource("strataMtls", settings));
	}

	// the gateway's public port is the edge and stays as it is: only its proxy client
	// presents a certificate
	private static Map<String, Object> http(WebApplicationType type) {
		return switch (type) {
			case SERVLET -> Map.of("server.ssl.bundle", MtlsHttpClients.BUNDLE, //
					"server.ssl.client-auth", "need", //
					"management.server.ssl.enabled", "false");
			case REACTIVE ->
				Map.of("spring.cloud.gateway.server.webflux.httpclient.ssl.ssl-bundle", MtlsHttpClients.BUNDLE);
			case NONE -> Map.of();
		};
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
