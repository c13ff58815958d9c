package io.strata.workflow.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * Opaque page tokens (the last key of the previous page, base64url) and page sizes
 * (default 50, max 500).
 */
public final class PageTokens {

	private PageTokens() {
	}

	public static String encode(String lastKey) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
	}

	public static String decode(String token) {
		if (token == null || token.isEmpty()) {
			return null;
		}
		try {
			return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.invalid("The page token is not one this service issued.",
					List.of(new FieldViolation("/page_token", "is not valid")));
		}
	}

	public static int pageSize(Integer requested) {
		if (requested == null) {
			return 50;
		}
		if (requested < 1 || requested > 500) {
			throw ProblemException.invalid("page_size must be between 1 and 500.",
					List.of(new FieldViolation("/page_size", "must be between 1 and 500")));
		}
		return requested;
	}

}
