package io.strata.sdk;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a list, across all its pages: pages are fetched lazily, one request each, as the iteration
 * reaches them. Each call to {@link #iterator()} or {@link #stream()} starts again from the first page.
 *
 * @param <T> the item type
 */
public final class PagedIterable<T> implements Iterable<T> {

	private final Function<String, Page<T>> fetch;

	PagedIterable(Function<String, Page<T>> fetch) {
		this.fetch = fetch;
	}

	/** The first page only (one request). */
	public Page<T> firstPage() {
		return this.fetch.apply(null);
	}

	/** The pages, lazily. */
	public Iterable<Page<T>> pages() {
		return () -> new Iterator<>() {

			private Page<T> next = PagedIterable.this.fetch.apply(null);

			@Override
			public boolean hasNext() {
				return this.next != null;
			}

			@Override
			public Page<T> next() {
				if (this.next == null) {
					throw new NoSuchElementException();
				}
				Page<T> page = this.next;
				this.next = page.hasNext() ? PagedIterable.this.fetch.apply(page.nextPageToken()) : null;
				return page;
			}
		};
	}

	@Override
	public Iterator<T> iterator() {
		return new Iterator<>() {

			private Page<T> page;

			private Iterator<T> items;

			@Override
			public boolean hasNext() {
				while (this.items == null || !this.items.hasNext()) {
					if (this.page != null && !this.page.hasNext()) {
						return false;
					}
					this.page = PagedIterable.this.fetch.apply((this.page != null) ? this.page.nextPageToken() : null);
					this.items = this.page.items().iterator();
				}
				return true;
			}

			@Override
			public T next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return this.items.next();
			}
		};
	}

	public Stream<T> stream() {
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
	}

}
