package io.strata.gateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.strata.gateway.support.EchoService;
import io.strata.platform.mtls.LocalCa;
import io.strata.platform.mtls.SpiffeIds;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway with {@code strata.mtls.*} set routes to a service whose port wants a
 * client certificate from the trust bundle (an {@link EchoService} over HTTPS, as a
 * service's port under mTLS): the proxy client presents the gateway's certificate and
 * trusts only the bundle. The services' health is read from their plain management URLs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "strata.mtls.enabled=true",
				"strata.mtls.certificate=" + MtlsRoutingIntegrationTests.TLS + "/gateway-service.crt",
				"strata.mtls.private-key=" + MtlsRoutingIntegrationTests.TLS + "/gateway-service.key",
				"strata.mtls.trust-bundle=" + MtlsRoutingIntegrationTests.TLS + "/ca.crt",
				"strata.mtls.spiffe-id=spiffe://strata.local/ns/local/sa/gateway-service",
				// nothing here calls gRPC; never the platform another run may have up
				"strata.gateway.auth.identity-grpc=127.0.0.1:1", "strata.gateway.validation.workflow-grpc=127.0.0.1:1",
				"management.server.port=0" })
@AutoConfigureWebTestClient
@StrataServers(Server.REDIS)
class MtlsRoutingIntegrationTests {

	// the environment post-processor reads the files before any dynamic property exists,
	// so they are at a fixed place, issued when this class loads
	static final String TLS = "target/mtls-routing-tests";

	static final EchoService service = EchoService.startTls(issue());

	static final EchoService actuator = EchoService.start();

	static final TestTokens tokens = TestTokens.start();

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("strata.security.jwks-uri", tokens::jwksUri);
		registry.add("strata.security.issuer", () -> TestTokens.ISSUER);
		for (String name : new String[] { "identity", "workflow", "analytics", "ml", "notification" }) {
			registry.add("strata.gateway.services." + name, service::url);
			registry.add("strata.gateway.management." + name, actuator::url);
		}
	}

	@AfterAll
	static void stop() {
		tokens.close();
	}

	@Autowired
	WebTestClient client;

	@LocalManagementPort
	int managementPort;

	@Test
	void aRouteToAnMtlsServiceCarriesTheGatewaysCertificate() {
		this.client.get()
			.uri("/v2/ml/models")
			.header("Authorization", "Bearer " + tokens.token("tenant-mtls", "ml.read"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/v2/ml/models")
			.jsonPath("$.client")
			.isEqualTo(SpiffeIds.of("local", "gateway-service"));
	}

	// the services' own URLs want a client certificate the health check does not have
	@Test
	void servicesHealthIsReadFromTheirManagementUrls() {
		int before = actuator.calls();
		WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectBody()
			.jsonPath("$.components.services.components.ml.status")
			.isEqualTo("UP");
		assertThat(actuator.calls()).isGreaterThan(before);
	}

	/** The CA, the gateway's certificate, and the TLS of the service behind it. */
	private static SSLContext issue() {
		try {
			LocalCa ca = LocalCa.open(Path.of(TLS));
			ca.issue("local", "gateway-service");
			LocalCa.Issued ml = ca.issue("local", "ml-service");
			return SslBundle
				.of(new PemSslStoreBundle(
						PemSslStoreDetails.forCertificate(Files.readString(ml.certificate()))
							.withPrivateKey(Files.readString(ml.privateKey())),
						PemSslStoreDetails.forCertificate(Files.readString(ca.trustBundle()))))
				.createSslContext();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
