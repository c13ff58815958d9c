package io.strata.identity.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/** Cursor pagination as every Strata list does it. */
public final class Pages {

	public static final int DEFAULT_SIZE = 50;

	public static final int MAX_SIZE = 500;

	private Pages() {
	}

	public static int size(Integer requested) {
		if (requested == null) {
			return DEFAULT_SIZE;
		}
		if (requested < 1 || requested > MAX_SIZE) {
			throw ProblemException.invalid("page_size must be between 1 and " + MAX_SIZE,
					List.of(new FieldViolation("/page_size", "must be between 1 and " + MAX_SIZE)));
		}
		return requested;
	}

	/** An opaque cursor for a string position. */
	public static String encode(String position) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	public static String decode(String token) {
		try {
			return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalidToken();
		}
	}

	public static long decodeLong(String token) {
		try {
			return Long.parseLong(decode(token));
		}
		catch (NumberFormatException ex) {
			throw invalidToken();
		}
	}

	/** The position a {@code page_token} stands for; {@code null} for the first page. */
	public static String after(String pageToken) {
		return (pageToken != null) ? decode(pageToken) : null;
	}

	/**
	 * A page from the {@code size + 1} rows a query fetched: the first {@code size} rows,
	 * each through {@code view}, and a token for the next page when the extra row came
	 * back.
	 * @param position the cursor value of a row (what {@link #after} gives back)
	 */
	public static <T> Map<String, Object> page(List<T> fetched, int size, Function<T, String> position,
			Function<T, ?> view) {
		String next = (fetched.size() > size) ? encode(position.apply(fetched.get(size - 1))) : null;
		return page(fetched.stream().limit(size).map(view).toList(), next);
	}

	public static Map<String, Object> page(List<?> items, String nextPageToken) {
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("items", items);
		page.put("next_page_token", nextPageToken);
		return page;
	}

	private static ProblemException invalidToken() {
		return ProblemException.invalid("page_token is not a token this list returned",
				List.of(new FieldViolation("/page_token", "unknown page token")));
	}

}
