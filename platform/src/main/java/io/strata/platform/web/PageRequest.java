package io.strata.platform.web;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The page a list request asks for (ARCHITECTURE §3): a controller method declares a
 * {@code PageRequest} parameter and gets {@code page_size} and {@code page_token} from
 * the query string, validated ({@link PageRequestResolver}), and in the API document as
 * those two parameters ({@link io.strata.platform.openapi.PageParameters}).
 *
 * @param size items per page: 50 when absent, else 1 to 500 (else 400)
 * @param after the position the page starts after, {@code null} for the first page
 */
public record PageRequest(int size, @Nullable String after) {

	/**
	 * The request for these query parameters.
	 * @throws io.strata.platform.problem.ProblemException (400) for a size out of range
	 * or a token this platform did not issue
	 */
	public static PageRequest of(@Nullable Integer pageSize, @Nullable String pageToken) {
		return new PageRequest(PageRequests.size(pageSize), PageRequests.position(pageToken));
	}

	/**
	 * The request of a protobuf message's {@code page_size} and {@code page_token}, where
	 * 0 and the empty string (proto3's defaults) mean absent.
	 */
	public static PageRequest ofMessage(int pageSize, String pageToken) {
		return of((pageSize != 0) ? pageSize : null, pageToken.isEmpty() ? null : pageToken);
	}

	/**
	 * {@link #after} of a list keyed by a number.
	 * @throws io.strata.platform.problem.ProblemException (400) when the token holds no
	 * number
	 */
	public @Nullable Long afterNumber() {
		return PageRequests.numberPosition(this.after);
	}

	/**
	 * Rows to fetch: one more than the page holds, to learn whether a next page exists.
	 */
	public int limit() {
		return this.size + 1;
	}

	/** The page of rows fetched with {@link #limit()}; see {@link Page#of}. */
	public <T> Page<T> page(List<T> rows, Function<T, String> key) {
		return Page.of(rows, this.size, key);
	}

}
