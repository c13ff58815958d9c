package io.strata.gateway.graphql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;

import reactor.core.publisher.Mono;

/**
 * Relay connections over the services' page tokens. A service hands out one token per
 * page (the position after its last item); a Relay cursor is needed after every edge. An
 * edge's cursor is therefore "the page that starts at token T, less its first k items":
 * resuming from it asks for T again and skips k. The last edge of a page with a next page
 * gets that page's token (k = 0), so paging forward edge by last edge costs no skipping.
 * Cursors are opaque to clients (base64url) and bound, like the tokens inside them, to
 * the same filter and order.
 */
final class Connections {

	/** The REST API's page size rules: default 50, 1 to 500. */
	static final int DEFAULT_FIRST = 50;

	static final int MAX_FIRST = 500;

	private static final String PREFIX = "c1|";

	private Connections() {
	}

	/** One page of a service's list: items and the token of the next page, or empty. */
	record ServicePage<T>(List<T> items, String nextPageToken) {

	}

	record Edge<T>(String cursor, T node) {

	}

	record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {

	}

	record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo) {

		public List<T> nodes() {
			return this.edges.stream().map(Edge::node).toList();
		}

	}

	/**
	 * Up to {@code first} items after {@code after}.
	 * @param fetch the service's list: (page size, page token or null) to a page
	 */
	static <T> Mono<Connection<T>> page(Integer first, String after,
			BiFunction<Integer, String, Mono<ServicePage<T>>> fetch) {
		int wanted = (first != null) ? first : DEFAULT_FIRST;
		if (wanted < 1 || wanted > MAX_FIRST) {
			return Mono.error(new BadUserInputException("/first", "first must be between 1 and " + MAX_FIRST + "."));
		}
		Position start;
		try {
			start = (after != null && !after.isEmpty()) ? Position.decode(after) : new Position(null, 0);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new BadUserInputException("/after", "after is not a cursor of this connection."));
		}
		List<Edge<T>> edges = new ArrayList<>();
		boolean resumed = after != null && !after.isEmpty();
		return collect(fetch, start, wanted, edges).map((hasNext) -> new Connection<>(List.copyOf(edges),
				new PageInfo(hasNext, resumed, edges.isEmpty() ? null : edges.get(0).cursor(),
						edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor())));
	}

	private static <T> Mono<Boolean> collect(BiFunction<Integer, String, Mono<ServicePage<T>>> fetch, Position from,
			int remaining, List<Edge<T>> edges) {
		int size = Math.min(MAX_FIRST, from.skip() + remaining);
		return fetch.apply(size, from.token()).flatMap((page) -> {
			List<T> items = page.items();
			boolean more = page.nextPageToken() != null && !page.nextPageToken().isEmpty();
			int end = Math.min(items.size(), from.skip() + remaining);
			for (int i = from.skip(); i < end; i++) {
				Position next = (i + 1 == items.size() && more) ? new Position(page.nextPageToken(), 0)
						: new Position(from.token(), i + 1);
				edges.add(new Edge<>(next.encode(), items.get(i)));
			}
			int left = remaining - Math.max(0, end - from.skip());
			if (left == 0) {
				return Mono.just(end < items.size() || more);
			}
			if (!more) {
				return Mono.just(false);
			}
			return collect(fetch, new Position(page.nextPageToken(), Math.max(0, from.skip() - items.size())), left,
					edges);
		});
	}

	/** Where a page starts: a service token (null: the first page) and items to skip. */
	record Position(String token, int skip) {

		String encode() {
			String raw = PREFIX + this.skip + "|" + ((this.token != null) ? this.token : "");
			return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
		}

		static Position decode(String cursor) {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (!raw.startsWith(PREFIX)) {
				throw new IllegalArgumentException("not a cursor");
			}
			String[] parts = raw.substring(PREFIX.length()).split("\\|", 2);
			if (parts.length != 2) {
				throw new IllegalArgumentException("not a cursor");
			}
			int skip = Integer.parseInt(parts[0]);
			if (skip < 0 || skip > MAX_FIRST) {
				throw new IllegalArgumentException("not a cursor");
			}
			return new Position(parts[1].isEmpty() ? null : parts[1], skip);
		}

	}

}
