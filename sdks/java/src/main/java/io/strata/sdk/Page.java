package io.strata.sdk;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of a list answer: {@code {"items": [...], "next_page_token": "..."|null}}.
 *
 * @param <T> the item type
 * @param items the items of this page
 * @param nextPageToken the token of the next page, {@code null} on the last page
 */
public record Page<T>(List<T> items, @JsonProperty("next_page_token") String nextPageToken) {

	public Page {
		items = (items != null) ? List.copyOf(items) : List.of();
	}

	public boolean hasNext() {
		return this.nextPageToken != null && !this.nextPageToken.isEmpty();
	}

}
