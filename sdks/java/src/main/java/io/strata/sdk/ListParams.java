package io.strata.sdk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query parameters of a list: {@code filter} (AIP-160, for example
 * {@code type = "ticket" AND attributes.priority <= 3}), {@code order_by} (for example
 * {@code created_at desc}), {@code page_size}, and any other the operation accepts.
 */
public final class ListParams {

	private final Map<String, String> values = new LinkedHashMap<>();

	public static ListParams create() {
		return new ListParams();
	}

	public static ListParams filter(String filter) {
		return new ListParams().withFilter(filter);
	}

	public ListParams withFilter(String filter) {
		return param("filter", filter);
	}

	public ListParams orderBy(String orderBy) {
		return param("order_by", orderBy);
	}

	/** Items per request; the iterator still goes through every page. */
	public ListParams pageSize(int pageSize) {
		return param("page_size", Integer.toString(pageSize));
	}

	public ListParams startTime(Instant startTime) {
		return param("start_time", (startTime != null) ? startTime.toString() : null);
	}

	public ListParams endTime(Instant endTime) {
		return param("end_time", (endTime != null) ? endTime.toString() : null);
	}

	/** Any other query parameter, by its wire name. */
	public ListParams param(String name, String value) {
		if (value == null) {
			this.values.remove(name);
		}
		else {
			this.values.put(name, value);
		}
		return this;
	}

	Map<String, String> toQuery(String pageToken) {
		Map<String, String> query = new LinkedHashMap<>(this.values);
		if (pageToken != null) {
			query.put("page_token", pageToken);
		}
		return query;
	}

}
