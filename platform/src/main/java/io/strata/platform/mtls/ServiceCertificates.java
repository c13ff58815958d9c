package io.strata.platform.mtls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Issues each service's mTLS certificate from a {@link LocalCa} into a folder of its own,
 * in the layout of a Kubernetes TLS Secret as the Helm chart mounts it ({@code tls.crt},
 * {@code tls.key}, {@code ca.crt}), so a service mounts only its own key. What
 * docker-compose.yml's one-shot {@code certs} service runs.
 * <p>
 * {@code java … io.strata.platform.mtls.ServiceCertificates [--owner=UID:GID]
 * [--validity=P30D] [--renew-before=P10D] DIR NAMESPACE SERVICE=HOST[,HOST…]…}
 * <ul>
 * <li>the CA is kept in {@code DIR/ca} ({@code ca.crt}, {@code ca.key}) across runs, so
 * the trust bundle stays the same while certificates rotate;</li>
 * <li>{@code DIR/SERVICE/} gets a certificate with the SPIFFE id
 * {@code spiffe://strata.local/ns/NAMESPACE/sa/SERVICE} and the DNS names {@code HOST…}
 * (the names its peers dial), its PKCS#8 key (mode 0600) and the CA;</li>
 * <li>a certificate that still fits (this CA, id and hosts) and is valid for longer than
 * {@code --renew-before} (default: a third of {@code --validity}, as cert-manager renews)
 * is kept, so running it again renews only what is due; a {@code --renew-before} of at
 * least the validity rotates them all;</li>
 * <li>{@code --owner} hands the files (not the folders) to the user the services run as:
 * the issuer then runs as root with only the capability to change owners, and replaces
 * the files of an earlier run rather than rewriting them.</li>
 * </ul>
 */
public final class ServiceCertificates {

	static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

	private static final int DNS_NAME = 2;

	private ServiceCertificates() {
	}

	public static void main(String[] args) throws Exception {
		try {
			Request request = Request.parse(Arrays.asList(args));
			for (Issue issue : issue(request)) {
				System.out.println("certs: " + (issue.renewed() ? "issued " : "kept ") + issue.service() + " "
						+ issue.spiffeId() + " " + issue.hosts() + " valid until " + issue.notAfter() + " in "
						+ issue.directory());
			}
		}
		catch (IllegalArgumentException ex) {
			System.err.println("certs: " + ex.getMessage());
			System.err.println("usage: ServiceCertificates [--owner=UID:GID] [--validity=P30D] [--renew-before=P10D] "
					+ "<dir> <namespace> <service>=<host>[,<host>...]...");
			System.exit(2);
		}
	}

	/** Issues every requested service its certificate; what was issued, in order. */
	static List<Issue> issue(Request request) throws IOException, GeneralSecurityException {
		LocalCa ca = LocalCa.open(request.directory().resolve("ca"), request.validity());
		List<Issue> issued = new ArrayList<>();
		for (Service service : request.services()) {
			Path folder = request.directory().resolve(service.name());
			Files.createDirectories(folder);
			Optional<X509Certificate> current = current(ca, folder, request, service);
			if (current.isPresent()) {
				issued.add(new Issue(service.name(), SpiffeIds.of(request.namespace(), service.name()), service.hosts(),
						current.get().getNotAfter().toInstant().toString(), folder, false));
				continue;
			}
			// new files rather than rewritten ones: the last run handed them to another
			// user, and the issuer has no capability to write other users' files
			for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
				Files.deleteIfExists(folder.resolve(file));
			}
			LocalCa.Issued files = ca.issue(request.namespace(), service.name(), service.hosts(), request.validity(),
					folder.resolve("tls.crt"), folder.resolve("tls.key"));
			Path bundle = Files.copy(ca.trustBundle(), folder.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
			Files.setPosixFilePermissions(files.certificate(), PosixFilePermissions.fromString("rw-r--r--"));
			Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rw-r--r--"));
			if (request.owner() != null) {
				for (Path path : List.of(files.certificate(), files.privateKey(), bundle)) {
					Files.setAttribute(path, "unix:uid", request.owner()[0]);
					Files.setAttribute(path, "unix:gid", request.owner()[1]);
				}
			}
			issued.add(new Issue(service.name(), SpiffeIds.of(request.namespace(), service.name()), service.hosts(),
					files.x509().getNotAfter().toInstant().toString(), folder, true));
		}
		return issued;
	}

	/**
	 * The service's certificate in {@code folder} if it can stay: issued by this CA for
	 * this SPIFFE id and these hosts, with its key and this CA beside it, and valid for
	 * longer than {@code --renew-before}. Running again (podman starts a one-shot
	 * dependency again with every dependent) then leaves the files alone.
	 */
	private static Optional<X509Certificate> current(LocalCa ca, Path folder, Request request, Service service) {
		Path certificate = folder.resolve("tls.crt");
		Path bundle = folder.resolve("ca.crt");
		if (!Files.isRegularFile(certificate) || !Files.isRegularFile(folder.resolve("tls.key"))
				|| !Files.isRegularFile(bundle)) {
			return Optional.empty();
		}
		try (InputStream in = Files.newInputStream(certificate)) {
			X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
			x509.verify(ca.certificate().getPublicKey());
			List<String> dnsNames = (x509.getSubjectAlternativeNames() == null) ? List.of()
					: x509.getSubjectAlternativeNames()
						.stream()
						.filter((name) -> name.get(0).equals(DNS_NAME))
						.map((name) -> (String) name.get(1))
						.toList();
			boolean same = SpiffeIds.of(x509).equals(Optional.of(SpiffeIds.of(request.namespace(), service.name())))
					&& dnsNames.containsAll(service.hosts())
					&& Files.readString(bundle).equals(Files.readString(ca.trustBundle()))
					&& x509.getNotAfter().toInstant().isAfter(Instant.now().plus(request.renewBefore()));
			return same ? Optional.of(x509) : Optional.empty();
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** One service's certificate: issued now, or kept from an earlier run. */
	record Issue(String service, String spiffeId, List<String> hosts, String notAfter, Path directory,
			boolean renewed) {
	}

	/** A service and the host names its peers dial it by. */
	record Service(String name, List<String> hosts) {

		static Service parse(String spec) {
			int equals = spec.indexOf('=');
			String name = (equals < 0) ? spec : spec.substring(0, equals);
			if (!name.matches("[a-z0-9][a-z0-9-]*")) {
				throw new IllegalArgumentException("not a service name: '" + name + "' (in '" + spec + "')");
			}
			List<String> hosts = (equals < 0) ? List.of()
					: Arrays.stream(spec.substring(equals + 1).split(",")).map(String::trim).toList();
			for (String host : hosts) {
				if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
					throw new IllegalArgumentException("not a host name: '" + host + "' (in '" + spec + "')");
				}
			}
			return new Service(name, hosts);
		}

	}

	/** The command line: options, then the folder, the namespace and the services. */
	record Request(Path directory, String namespace, List<Service> services, Duration validity, Duration renewBefore,
			int[] owner) {

		static Request parse(List<String> args) {
			Duration validity = DEFAULT_VALIDITY;
			Duration renewBefore = null;
			int[] owner = null;
			List<String> positional = new ArrayList<>();
			for (String arg : args) {
				if (arg.startsWith("--validity=")) {
					validity = validity(arg.substring("--validity=".length()));
				}
				else if (arg.startsWith("--renew-before=")) {
					renewBefore = duration("--renew-before", arg.substring("--renew-before=".length()));
				}
				else if (arg.startsWith("--owner=")) {
					owner = owner(arg.substring("--owner=".length()));
				}
				else if (arg.startsWith("--")) {
					throw new IllegalArgumentException("unknown option " + arg);
				}
				else {
					positional.add(arg);
				}
			}
			if (positional.size() < 3) {
				throw new IllegalArgumentException("needs a folder, a namespace and at least one service");
			}
			List<Service> services = positional.subList(2, positional.size()).stream().map(Service::parse).toList();
			// by default a third of the validity left, as cert-manager renews
			return new Request(Path.of(positional.get(0)), positional.get(1), services, validity,
					(renewBefore != null) ? renewBefore : validity.dividedBy(3), owner);
		}

		private static Duration duration(String option, String value) {
			try {
				return Duration.parse(value);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException(option + " takes an ISO-8601 duration such as P30D, not " + value);
			}
		}

		private static Duration validity(String value) {
			Duration validity = duration("--validity", value);
			if (validity.compareTo(Duration.ofHours(1)) < 0 || validity.compareTo(Duration.ofDays(180)) > 0) {
				throw new IllegalArgumentException("--validity must be between PT1H and P180D, not " + value);
			}
			return validity;
		}

		private static int[] owner(String value) {
			if (!value.matches("\\d+:\\d+")) {
				throw new IllegalArgumentException("--owner takes UID:GID, not " + value);
			}
			String[] parts = value.split(":");
			return new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) };
		}

	}

}
