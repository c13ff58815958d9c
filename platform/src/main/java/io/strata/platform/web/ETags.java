package io.strata.platform.web;

import org.springframework.http.ETag;

import io.strata.platform.problem.ProblemException;

/**
 * The one ETag and {@code If-Match} rule of every service. An ETag is a row's version:
 * strong ({@code "3"}) on the REST APIs, weak ({@code W/"3"}) on SCIM, whose spec wants
 * weak tags. Every read and write answers the ETag; {@code If-Match} is optional on
 * {@code PUT}, {@code PATCH} and {@code DELETE}, and when sent it must name the current
 * version, else 412 {@code precondition-failed}: a strong or weak form of the tag
 * matches, {@code *} matches any version, a list matches when one of its tags does, and a
 * tag this platform never issued (not a quoted version) matches none. The header is read
 * with Spring's {@link ETag#parse(String)}.
 */
public final class ETags {

	private ETags() {
	}

	/** The strong ETag of a version: {@code "3"}. */
	public static String of(long version) {
		return new ETag(Long.toString(version), false).formattedTag();
	}

	/** The weak ETag of a version: {@code W/"3"} (SCIM). */
	public static String weak(long version) {
		return new ETag(Long.toString(version), true).formattedTag();
	}

	/**
	 * Whether a write with this {@code If-Match} may change this version: true when there
	 * is no header (or a blank one), when it is {@code *}, or when one of its tags names
	 * the version in either form.
	 */
	public static boolean matches(String ifMatch, long currentVersion) {
		if (ifMatch == null || ifMatch.isBlank()) {
			return true;
		}
		ETag current = new ETag(Long.toString(currentVersion), false);
		for (ETag tag : ETag.parse(ifMatch)) {
			if (tag.isWildcard() || tag.compare(current, false)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Checks a write's {@code If-Match} against the current version: a 412 naming the
	 * current ETag when it does not match.
	 */
	public static void check(String ifMatch, long currentVersion) {
		if (!matches(ifMatch, currentVersion)) {
			throw ProblemException.preconditionFailed("The If-Match ETag is stale: the current one is "
					+ of(currentVersion) + ". Read it again and retry.");
		}
	}

}
