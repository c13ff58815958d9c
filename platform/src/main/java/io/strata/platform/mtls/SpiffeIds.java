package io.strata.platform.mtls;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The SPIFFE id a certificate carries: its URI subject alternative name. */
public final class SpiffeIds {

	private static final int URI_NAME = 6;

	private SpiffeIds() {
	}

	public static String of(String namespace, String service) {
		return "spiffe://strata.local/ns/" + namespace + "/sa/" + service;
	}

	/** The id of a peer's verified chain: its leaf's, if it has one. */
	public static Optional<String> ofChain(Certificate[] chain) {
		return (chain != null && chain.length > 0 && chain[0] instanceof X509Certificate leaf) ? of(leaf)
				: Optional.empty();
	}

	/** Only a {@code spiffe://} URI counts: an X.509-SVID carries exactly one. */
	public static Optional<String> of(X509Certificate certificate) {
		Collection<List<?>> names;
		try {
			names = certificate.getSubjectAlternativeNames();
		}
		catch (CertificateParsingException ex) {
			return Optional.empty();
		}
		if (names == null) {
			return Optional.empty();
		}
		return names.stream()
			.filter((name) -> name.get(0).equals(URI_NAME))
			.map((name) -> (String) name.get(1))
			.filter((uri) -> uri.startsWith("spiffe://"))
			.findFirst();
	}

}
