package io.strata.platform.web;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One page of any list the platform answers (ARCHITECTURE §3): {@code items} and the
 * opaque {@code next_page_token} of the page after it, {@code null} on the last page.
 * Every list endpoint of every service returns this type, so the API document has one
 * page shape and the SDKs one iterator.
 *
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextPageToken) {

	/**
	 * A page of rows fetched with {@code size + 1} as their limit: the extra row only
	 * says that there is a next page, whose token stands for the last item's key.
	 */
	public static <T> Page<T> of(List<T> rows, int size, Function<T, String> key) {
		if (rows.size() <= size) {
			return new Page<>(List.copyOf(rows), null);
		}
		List<T> items = List.copyOf(rows.subList(0, size));
		return new Page<>(items, PageRequests.token(key.apply(items.get(size - 1))));
	}

	/** This page with every item mapped, same token. */
	public <R> Page<R> map(Function<T, R> mapper) {
		return new Page<>(this.items.stream().map(mapper).toList(), this.nextPageToken);
	}

}
