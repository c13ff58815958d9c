package io.strata.platform.mtls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.pem.PemContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The standalone issuer of docker-compose.yml's certs service: one folder per service in
 * the layout of a Kubernetes TLS Secret, a CA kept across runs, the host names peers
 * dial.
 */
class ServiceCertificatesTests {

	@TempDir
	Path directory;

	@Test
	void eachServiceGetsItsOwnFolderWithCertificateKeyAndCa() throws Exception {
		ServiceCertificates.issue(request("--validity=P30D", "strata", "ml-service=ml", "workflow-service=workflow"));

		Path ml = this.directory.resolve("ml-service");
		X509Certificate certificate = certificate(ml.resolve("tls.crt"));
		X509Certificate ca = certificate(this.directory.resolve("ca/ca.crt"));
		assertThat(SpiffeIds.of(certificate)).contains("spiffe://strata.local/ns/strata/sa/ml-service");
		assertThat(certificate.getSubjectAlternativeNames()).contains(List.of(2, "ml"), List.of(2, "localhost"))
			.doesNotContain(List.of(2, "workflow"));
		assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
			.isBetween(Duration.ofDays(30), Duration.ofDays(30).plusMinutes(5));
		assertThat(certificate(ml.resolve("ca.crt"))).isEqualTo(ca);
		PKIXParameters trust = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
		trust.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), trust);

		// the key (as Boot's PEM bundles read it) belongs to the certificate
		PrivateKey key = PemContent.load(ml.resolve("tls.key")).getPrivateKey();
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(key);
		signer.update(new byte[] { 1, 2, 3 });
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(certificate);
		verifier.update(new byte[] { 1, 2, 3 });
		assertThat(verifier.verify(signature)).isTrue();

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ml.resolve("tls.key"))))
			.isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ml.resolve("tls.crt"))))
			.isEqualTo("rw-r--r--");
		assertThat(ml.resolve("ca.key")).doesNotExist();
		assertThat(SpiffeIds.of(certificate(this.directory.resolve("workflow-service/tls.crt"))))
			.contains("spiffe://strata.local/ns/strata/sa/workflow-service");
	}

	@Test
	void runningAgainKeepsWhatIsNotDueAndRenewsUnderTheSameCaWhatIs() throws Exception {
		Path file = this.directory.resolve("gateway-service/tls.crt");
		assertThat(ServiceCertificates.issue(request("strata", "gateway-service=gateway"))).singleElement()
			.satisfies((issue) -> assertThat(issue.renewed()).isTrue());
		X509Certificate first = certificate(file);
		String ca = Files.readString(this.directory.resolve("ca/ca.crt"));

		// podman starts the one-shot again with every dependent: nothing changes
		assertThat(ServiceCertificates.issue(request("strata", "gateway-service=gateway"))).singleElement()
			.satisfies((issue) -> assertThat(issue.renewed()).isFalse());
		assertThat(certificate(file)).isEqualTo(first);

		// due (renew-before at least the validity): a new key and certificate
		ServiceCertificates.issue(request("--renew-before=P30D", "strata", "gateway-service=gateway"));
		X509Certificate rotated = certificate(file);
		assertThat(rotated.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
		assertThat(rotated.getPublicKey()).isNotEqualTo(first.getPublicKey());

		// another host name: renewed too
		ServiceCertificates.issue(request("strata", "gateway-service=gateway,edge"));
		X509Certificate renamed = certificate(file);
		assertThat(renamed.getSerialNumber()).isNotEqualTo(rotated.getSerialNumber());
		assertThat(renamed.getSubjectAlternativeNames()).contains(List.of(2, "edge"));

		assertThat(Files.readString(this.directory.resolve("ca/ca.crt"))).isEqualTo(ca);
		assertThat(Files.readString(this.directory.resolve("gateway-service/ca.crt"))).isEqualTo(ca);
		renamed.verify(certificate(this.directory.resolve("ca/ca.crt")).getPublicKey());
	}

	@Test
	void theFilesGoToTheServicesUser() throws Exception {
		Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "changing owners needs root");
		ServiceCertificates.issue(request("--owner=10001:10002", "strata", "identity-service=identity"));

		for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
			Path path = this.directory.resolve("identity-service").resolve(file);
			assertThat(Files.getAttribute(path, "unix:uid")).as(file).isEqualTo(10001);
			assertThat(Files.getAttribute(path, "unix:gid")).as(file).isEqualTo(10002);
		}
		assertThat(Files.getAttribute(this.directory.resolve("identity-service"), "unix:uid")).isEqualTo(0);
		assertThat(Files.getAttribute(this.directory.resolve("ca/ca.key"), "unix:uid")).isEqualTo(0);
	}

	@Test
	void wrongArgumentsAreRejectedNamingWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> request("strata"))
			.withMessageContaining("at least one service");
		assertThatIllegalArgumentException().isThrownBy(() -> request("strata", "ml-service=ml;rm"))
			.withMessageContaining("not a host name: 'ml;rm'");
		assertThatIllegalArgumentException().isThrownBy(() -> request("strata", "../ca=ml"))
			.withMessageContaining("not a service name: '../ca'");
		assertThatIllegalArgumentException().isThrownBy(() -> request("--validity=P1000D", "strata", "ml-service"))
			.withMessageContaining("between PT1H and P180D");
		assertThatIllegalArgumentException().isThrownBy(() -> request("--validity=soon", "strata", "ml-service"))
			.withMessageContaining("ISO-8601");
		assertThatIllegalArgumentException().isThrownBy(() -> request("--renew-before=later", "strata", "ml-service"))
			.withMessageContaining("--renew-before takes an ISO-8601 duration");
		assertThatIllegalArgumentException().isThrownBy(() -> request("--owner=strata", "strata", "ml-service"))
			.withMessageContaining("UID:GID");
	}

	private ServiceCertificates.Request request(String... args) {
		List<String> all = new java.util.ArrayList<>();
		for (String arg : args) {
			if (!arg.startsWith("--") && all.stream().noneMatch((a) -> !a.startsWith("--"))) {
				all.add(this.directory.toString());
			}
			all.add(arg);
		}
		return ServiceCertificates.Request.parse(all);
	}

	private static X509Certificate certificate(Path file) throws Exception {
		try (var in = Files.newInputStream(file)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
	}

}
