package io.strata.notification.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * A page of a list in the platform's shape: {@code items} and an opaque
 * {@code next_page_token} (the base64 of the last key, absent on the last page).
 */
public record Page<T>(List<T> items, String nextPageToken) {

	public static final int DEFAULT_SIZE = 50;

	public static final int MAX_SIZE = 500;

	/** Validated page size: default 50, 1 to 500. */
	public static int size(Integer requested) {
		if (requested == null) {
			return DEFAULT_SIZE;
		}
		if (requested < 1 || requested > MAX_SIZE) {
			throw ProblemException.invalid("page_size is out of range.",
					List.of(new FieldViolation("/page_size", "must be between 1 and " + MAX_SIZE)));
		}
		return requested;
	}

	/** The key a token points after, or null for the first page. */
	public static String after(String pageToken) {
		if (pageToken == null || pageToken.isBlank()) {
			return null;
		}
		try {
			return new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw ProblemException.invalid("page_token is not valid.",
					List.of(new FieldViolation("/page_token", "is not a token this service issued")));
		}
	}

	/**
	 * Builds a page from rows fetched with {@code size + 1} as limit: the extra row only
	 * says that there is a next page.
	 */
	public static <T> Page<T> of(List<T> rows, int size, Function<T, String> key) {
		if (rows.size() <= size) {
			return new Page<>(rows, null);
		}
		List<T> items = rows.subList(0, size);
		String last = key.apply(items.get(size - 1));
		return new Page<>(List.copyOf(items),
				Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)));
	}

}
