package io.strata.notification.support;

import java.util.List;
import java.util.function.Function;

import io.strata.platform.web.PageRequests;

/**
 * A page of a list in the platform's shape: {@code items} and an opaque
 * {@code next_page_token} (the platform's token for the last key, absent on the last
 * page).
 */
public record Page<T>(List<T> items, String nextPageToken) {

	/** Validated page size: default 50, 1 to 500. */
	public static int size(Integer requested) {
		return PageRequests.size(requested);
	}

	/** The key a token points after, or null for the first page. */
	public static String after(String pageToken) {
		return PageRequests.position(pageToken);
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
		return new Page<>(List.copyOf(items), PageRequests.token(last));
	}

}
