package io.strata.platform.mtls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for one machine, for {@code ./strata up}: its CA stays in
 * {@code ca.crt}/{@code ca.key} across restarts (so the trust bundle does not change
 * under running services), and every call issues each named service a fresh 24-hour EC
 * P-256 certificate with its SPIFFE id, so certificates rotate on restart. Deployments
 * use their own CA (cert-manager, SPIRE) and mount the PEM files instead.
 * <p>
 * {@code java … io.strata.platform.mtls.LocalCa
 *
<dir>
 *  <namespace> <service>…} writes {@code
 *
<dir>
 * /<service>.crt} and {@code
 *
<dir>
 * /<service>.key}; the trust bundle is {@code
 *
<dir>
 * /ca.crt}.
 */
public final class LocalCa {

	static final Duration SERVICE_VALIDITY = Duration.ofHours(24);

	private static final Duration CA_VALIDITY = Duration.ofDays(365);

	// a CA that would expire under a freshly issued certificate is replaced instead
	private static final Duration CA_RENEW_BEFORE = SERVICE_VALIDITY;

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private static final String SIGNATURE = "SHA256withECDSA";

	private static final SecureRandom random = new SecureRandom();

	private final Path directory;

	private final X509Certificate certificate;

	private final PrivateKey key;

	private LocalCa(Path directory, X509Certificate certificate, PrivateKey key) {
		this.directory = directory;
		this.certificate = certificate;
		this.key = key;
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 3) {
			System.err.println("usage: LocalCa <dir> <namespace> <service>...");
			System.exit(2);
		}
		LocalCa ca = open(Path.of(args[0]));
		for (int i = 2; i < args.length; i++) {
			ca.issue(args[1], args[i]);
		}
	}

	/** The CA kept in {@code directory}, created there if missing or about to expire. */
	public static LocalCa open(Path directory) throws IOException, GeneralSecurityException {
		return open(directory, CA_RENEW_BEFORE);
	}

	/**
	 * The CA kept in {@code directory}, replaced when it expires within
	 * {@code renewBefore} (at least the validity of the certificates it is about to
	 * issue, so none outlives its CA).
	 */
	static LocalCa open(Path directory, Duration renewBefore) throws IOException, GeneralSecurityException {
		Files.createDirectories(directory);
		Path certificate = directory.resolve("ca.crt");
		Path key = directory.resolve("ca.key");
		if (Files.exists(certificate) && Files.exists(key)) {
			X509Certificate existing = readCertificate(certificate);
			if (existing.getNotAfter().toInstant().isAfter(Instant.now().plus(renewBefore))) {
				return new LocalCa(directory, existing, readKey(key));
			}
		}
		KeyPair pair = newKeyPair();
		X500Name name = new X500Name("CN=Strata local CA");
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
				Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
			.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
			.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
			.addExtension(Extension.subjectKeyIdentifier, false,
					new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
		X509Certificate created = sign(builder, pair.getPrivate());
		writeKey(key, pair.getPrivate());
		writePem(certificate, created);
		return new LocalCa(directory, created, pair.getPrivate());
	}

	/** The file peers must trust: this CA's certificate. */
	public Path trustBundle() {
		return this.directory.resolve("ca.crt");
	}

	public X509Certificate certificate() {
		return this.certificate;
	}

	/** Issues {@code service} a fresh certificate, replacing any earlier one. */
	public Issued issue(String namespace, String service) throws IOException, GeneralSecurityException {
		return issue(namespace, service, List.of(), SERVICE_VALIDITY, this.directory.resolve(service + ".crt"),
				this.directory.resolve(service + ".key"));
	}

	/**
	 * Issues {@code service} a fresh certificate valid for {@code validity} that also
	 * names {@code hosts} (the names peers dial it by), written to the given files.
	 */
	Issued issue(String namespace, String service, List<String> hosts, Duration validity, Path certificateFile,
			Path keyFile) throws IOException, GeneralSecurityException {
		KeyPair pair = newKeyPair();
		Instant now = Instant.now();
		List<GeneralName> sans = new ArrayList<>();
		sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, SpiffeIds.of(namespace, service)));
		for (String host : hosts) {
			sans.add(new GeneralName(GeneralName.dNSName, host));
		}
		sans.add(new GeneralName(GeneralName.dNSName, "localhost"));
		sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
		GeneralNames names = new GeneralNames(sans.toArray(GeneralName[]::new));
		JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.certificate, serial(),
				Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)), new X500Name("CN=" + service),
				pair.getPublic())
			.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
			.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
			.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(
							new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }))
			.addExtension(Extension.subjectAlternativeName, false, names)
			.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(pair.getPublic()))
			.addExtension(Extension.authorityKeyIdentifier, false,
					extensions.createAuthorityKeyIdentifier(this.certificate));
		X509Certificate issued = sign(builder, this.key);
		Issued files = new Issued(certificateFile, keyFile, issued);
		writeKey(files.privateKey(), pair.getPrivate());
		writePem(files.certificate(), issued);
		return files;
	}

	/** A service's certificate and key files, and the certificate they hold. */
	public record Issued(Path certificate, Path privateKey, X509Certificate x509) {
	}

	private static KeyPair newKeyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private static BigInteger serial() {
		return new BigInteger(127, random);
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
			throws GeneralSecurityException {
		try {
			return new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
		}
		catch (OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

	private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
		try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
			return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
		}
	}

	private static PrivateKey readKey(Path file) throws IOException {
		try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
			return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
		}
	}

	// PKCS#8, the one key format both Netty (gRPC channels) and Boot's PEM bundles read
	private static void writeKey(Path file, PrivateKey key) throws IOException {
		Files.deleteIfExists(file);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		writePem(file, new JcaPKCS8Generator(key, null));
	}

	private static void writePem(Path file, Object object) throws IOException {
		try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
			pem.writeObject(object);
		}
	}

}
