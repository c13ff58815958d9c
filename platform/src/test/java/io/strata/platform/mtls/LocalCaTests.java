package io.strata.platform.mtls;

import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local CA issues SPIFFE X.509 certificates that chain to a CA kept across restarts,
 * and a fresh certificate on every call.
 */
class LocalCaTests {

	@TempDir
	Path directory;

	@Test
	void serviceCertificatesCarryTheSpiffeIdAndLocalNamesAndChainToTheCa() throws Exception {
		LocalCa ca = LocalCa.open(this.directory);
		X509Certificate certificate = ca.issue("local", "gateway-service").x509();

		assertThat(SpiffeIds.of(certificate)).contains("spiffe://strata.local/ns/local/sa/gateway-service");
		assertThat(certificate.getSubjectAlternativeNames()).contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
		assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
		assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
		assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
			.isEqualTo(256);
		assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
			.isLessThanOrEqualTo(Duration.ofHours(24).plusMinutes(5));

		PKIXParameters trust = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
		trust.setRevocationEnabled(false);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), trust);
	}

	@Test
	void theCaIsKeptAcrossRestartsAndEachCallIssuesAFreshCertificate() throws Exception {
		LocalCa first = LocalCa.open(this.directory);
		X509Certificate before = first.issue("local", "identity-service").x509();
		LocalCa second = LocalCa.open(this.directory);
		X509Certificate after = second.issue("local", "identity-service").x509();

		assertThat(second.certificate()).isEqualTo(first.certificate());
		assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
		assertThat(after.getPublicKey()).isNotEqualTo(before.getPublicKey());
		after.verify(first.certificate().getPublicKey());
	}

}
