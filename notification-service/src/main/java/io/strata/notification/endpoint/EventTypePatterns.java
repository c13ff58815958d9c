package io.strata.notification.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Event-type subscriptions: an exact type ({@code resource.created}), a wildcard over a
 * prefix ({@code resource.*}, any depth below it) or {@code *} for everything. Types are
 * full-stop delimited identifiers of {@code [a-zA-Z0-9_]}, as Standard Webhooks
 * recommends.
 */
public final class EventTypePatterns {

	/** What a subscription may look like. */
	public static final String SYNTAX = "^(\\*|[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*(\\.\\*)?)$";

	private static final Pattern PATTERN = Pattern.compile(SYNTAX);

	private EventTypePatterns() {
	}

	public static boolean isValid(String pattern) {
		return pattern != null && PATTERN.matcher(pattern).matches();
	}

	/**
	 * Every subscription that matches {@code type}: the type itself, each of its prefixes
	 * with {@code .*}, and {@code *}. Matching is then a set intersection that PostgreSQL
	 * answers from the array column.
	 */
	public static List<String> matching(String type) {
		List<String> patterns = new ArrayList<>();
		patterns.add(type);
		patterns.add("*");
		int dot = type.lastIndexOf('.');
		while (dot > 0) {
			patterns.add(type.substring(0, dot) + ".*");
			dot = type.lastIndexOf('.', dot - 1);
		}
		return patterns;
	}

}
