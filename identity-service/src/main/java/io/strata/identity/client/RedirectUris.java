package io.strata.identity.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * The redirect URIs an app client may register (RFC 9700 §2.1, RFC 8252). The
 * authorization server compares them exactly, so there are no patterns: https anywhere;
 * plain http only to the loopback IP literals a native app listens on ({@code 127.0.0.1},
 * {@code [::1]}; the authorization server refuses {@code localhost}, RFC 8252 §8.3); and,
 * for public clients, a private-use scheme in reverse-domain form
 * ({@code com.example.app:/callback}, RFC 8252 §7.1). No fragments, no credentials, no
 * commas (the store joins URIs with commas).
 */
final class RedirectUris {

	static final int MAX_URIS = 10;

	// the authorization server's redirect_uris column holds 1000 characters in all
	private static final int MAX_TOTAL_LENGTH = 1000;

	private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]");

	private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "file", "vbscript", "about",
			"blob", "ftp", "ws", "wss");

	private RedirectUris() {
	}

	static List<String> validate(List<String> given, boolean publicClient) {
		List<FieldViolation> violations = new ArrayList<>();
		if (given == null || given.isEmpty() || given.size() > MAX_URIS) {
			throw ProblemException.invalid("An app client needs 1 to " + MAX_URIS + " redirect URIs",
					List.of(new FieldViolation("/redirect_uris", "1 to " + MAX_URIS + " URIs")));
		}
		int total = 0;
		for (int i = 0; i < given.size(); i++) {
			String uri = given.get(i);
			String problem = problem(uri, publicClient);
			if (problem != null) {
				violations.add(new FieldViolation("/redirect_uris/" + i, problem));
			}
			total += (uri != null) ? uri.length() + 1 : 0;
		}
		if (total > MAX_TOTAL_LENGTH) {
			violations.add(new FieldViolation("/redirect_uris", "at most " + MAX_TOTAL_LENGTH + " characters in all"));
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("Invalid redirect URIs", violations);
		}
		return given.stream().distinct().toList();
	}

	private static String problem(String value, boolean publicClient) {
		if (value == null || value.isBlank() || value.contains(",") || value.contains("*")) {
			return "must be one exact URI (no wildcards, no commas)";
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			return "not a URI";
		}
		if (!uri.isAbsolute() || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
			return "must be absolute, without a fragment or credentials";
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : null;
		return switch (scheme) {
			case "https" -> (host != null && !host.isEmpty()) ? null : "needs a host";
			case "http" -> {
				if (host != null && LOOPBACK.contains(host)) {
					yield null;
				}
				yield "localhost".equals(host) ? "use http://127.0.0.1 (the authorization server refuses localhost)"
						: "http only to the loopback address 127.0.0.1 or [::1]; use https";
			}
			default -> {
				if (!publicClient) {
					yield "a confidential client redirects to https (or loopback http)";
				}
				if (FORBIDDEN_SCHEMES.contains(scheme) || !scheme.contains(".")) {
					yield "a private-use scheme must be a reverse domain name, such as com.example.app:/callback";
				}
				yield null;
			}
		};
	}

}
