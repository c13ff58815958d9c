package io.strata.identity.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.strata.platform.web.PageRequests;

/** Cursor pagination as every Strata list does it. */
public final class Pages {

	private Pages() {
	}

	public static int size(Integer requested) {
		return PageRequests.size(requested);
	}

	public static String encode(String position) {
		return PageRequests.token(position);
	}

	/** The number a {@code page_token} stands for; {@code null} for the first page. */
	public static Long decodeLong(String token) {
		return PageRequests.longPosition(token);
	}

	/** The position a {@code page_token} stands for; {@code null} for the first page. */
	public static String after(String pageToken) {
		return PageRequests.position(pageToken);
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

}
