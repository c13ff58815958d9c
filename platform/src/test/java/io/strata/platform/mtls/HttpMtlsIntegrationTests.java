package io.strata.platform.mtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import io.strata.platform.PlatformIntegrationTest;
import io.strata.platform.PlatformTestApplication;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A servlet service started with {@code strata.mtls.*} set and certificates from
 * {@link LocalCa}, called over real TLS: its HTTP port serves HTTPS only, to listed
 * callers holding a certificate from the trust bundle; actuator answers on the plain
 * management port. (The inherited {@code client} is unused: it knows no client
 * certificate.)
 */
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"strata.mtls.enabled=true",
		"strata.mtls.certificate=" + HttpMtlsIntegrationTests.TLS + "/" + HttpMtlsIntegrationTests.SERVER + ".crt",
		"strata.mtls.private-key=" + HttpMtlsIntegrationTests.TLS + "/" + HttpMtlsIntegrationTests.SERVER + ".key",
		"strata.mtls.trust-bundle=" + HttpMtlsIntegrationTests.TLS + "/ca.crt",
		"strata.mtls.spiffe-id=spiffe://strata.local/ns/local/sa/" + HttpMtlsIntegrationTests.SERVER,
		"strata.mtls.allowed-http-callers=spiffe://strata.local/ns/local/sa/" + HttpMtlsIntegrationTests.ALLOWED,
		"management.server.port=0" })
class HttpMtlsIntegrationTests extends PlatformIntegrationTest {

	// the environment post-processor reads the files before any dynamic property exists,
	// so they are at a fixed place, issued when this class loads
	static final String TLS = "target/http-mtls-tests";

	static final String SERVER = "workflow-service";

	static final String ALLOWED = "gateway-service";

	static final LocalCa ca = issue();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void anAllowedCallerIsAnswered() throws Exception {
		HttpResponse<String> response = send(clientAs(ALLOWED), "https://localhost:" + this.port + "/v2/things");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("items");
	}

	@Test
	void aCallerWithAValidCertificateButAnotherSpiffeIdGets403() throws Exception {
		HttpResponse<String> response = send(clientAs("analytics-service"),
				"https://localhost:" + this.port + "/v2/things");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("caller-not-allowed");
	}

	@Test
	void aCallerWithoutAClientCertificateFailsTheHandshake() {
		SSLContext trustOnly = SslBundle.of(new PemSslStoreBundle(null, pem(ca.trustBundle()))).createSslContext();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> send(trustOnly, "https://localhost:" + this.port + "/v2/things"));
	}

	@Test
	void plainHttpOnTheServicePortIsNotServed() {
		HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		try {
			HttpResponse<String> response = plain.send(request("http://127.0.0.1:" + this.port + "/v2/things"),
					HttpResponse.BodyHandlers.ofString());
			// Tomcat's answer to plaintext on a TLS connector, from before any filter
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("requires TLS");
		}
		catch (IOException | InterruptedException ex) {
			// or the connection is dropped: either way nothing was served
		}
	}

	@Test
	void theManagementPortAnswersHealthOverPlainHttp() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(request("http://127.0.0.1:" + this.managementPort + "/actuator/health/liveness"),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("UP");
	}

	private HttpResponse<String> send(SSLContext tls, String url) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
		return client.send(request(url), HttpResponse.BodyHandlers.ofString());
	}

	// as the gateway sends it: forwarded as plain http, which Tomcat's RemoteIpValve
	// believes; the client certificate must still count
	private static HttpRequest request(String url) {
		return HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + tokens.token("t1"))
			.header("X-Forwarded-Proto", "http")
			.timeout(Duration.ofSeconds(10))
			.build();
	}

	private static SSLContext clientAs(String service) throws IOException, GeneralSecurityException {
		LocalCa.Issued issued = ca.issue("local", service);
		return SslBundle
			.of(new PemSslStoreBundle(pem(issued.certificate()).withPrivateKey(read(issued.privateKey())),
					pem(ca.trustBundle())))
			.createSslContext();
	}

	private static PemSslStoreDetails pem(Path certificate) {
		return PemSslStoreDetails.forCertificate(read(certificate));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static LocalCa issue() {
		try {
			LocalCa opened = LocalCa.open(Path.of(TLS));
			opened.issue("local", SERVER);
			return opened;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
