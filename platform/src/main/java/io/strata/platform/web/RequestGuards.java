package io.strata.platform.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * What every request must pass before anything reads it, on servlet services and the
 * gateway alike: a {@code Content-Type} that parses, charset included (frameworks throw
 * on it deep inside body reading, which surfaces as a 500), and no NUL character in the
 * path or a query parameter (PostgreSQL refuses NUL in text).
 */
public final class RequestGuards {

	private RequestGuards() {
	}

	/**
	 * The problem to answer instead of handling the request, if any.
	 * @param contentType the raw {@code Content-Type} header, or {@code null}
	 * @param path the raw (still percent-encoded) request path
	 * @param query the raw query string, or {@code null}
	 */
	public static Optional<ProblemDetail> check(String contentType, String path, String query) {
		if (contentType != null && !parses(contentType)) {
			return Optional
				.of(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
						"The Content-Type header is not a valid media type with a known charset."));
		}
		if (hasEncodedNul(path)) {
			return Optional.of(nul("The path must not contain the NUL character.", ""));
		}
		if (query != null && hasEncodedNul(query)) {
			return Optional.of(nul("Query parameters must not contain the NUL character.", nulParameter(query)));
		}
		return Optional.empty();
	}

	private static boolean parses(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			// parsing resolves the charset too, and fails on an unknown one
			type.getCharset();
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean hasEncodedNul(String raw) {
		return raw.indexOf('\0') >= 0 || raw.contains("%00");
	}

	/** The first parameter whose name or value holds NUL, as a pointer. */
	private static String nulParameter(String query) {
		for (String pair : query.split("&")) {
			if (hasEncodedNul(pair)) {
				String name = pair.split("=", 2)[0];
				try {
					name = URLDecoder.decode(name, StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					// keep the raw name: the pointer only has to say where
				}
				return FieldViolation.ofPath(name.replace("\0", ""), "").pointer();
			}
		}
		return "";
	}

	private static ProblemDetail nul(String detail, String pointer) {
		return Problems.validation(detail,
				List.of(new FieldViolation(pointer, "must not contain the NUL character (U+0000)")));
	}

}
