package io.strata.workflow.support;

import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;

/** Strong ETags from versions, and the If-Match rules of the write endpoints. */
public final class ETags {

	private ETags() {
	}

	public static String of(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * Checks a required If-Match against the current version: 428 when it is missing, 412
	 * when it is stale. {@code *} matches any existing version.
	 */
	public static void requireMatch(String ifMatch, long currentVersion) {
		if (ifMatch == null || ifMatch.isBlank()) {
			throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED, "precondition-required",
					"Precondition required", "This write needs an If-Match header with the resource's ETag.");
		}
		checkMatch(ifMatch, currentVersion);
	}

	/** Checks an If-Match when one was sent. */
	public static void checkMatch(String ifMatch, long currentVersion) {
		if (ifMatch == null || ifMatch.isBlank()) {
			return;
		}
		for (String candidate : ifMatch.split(",")) {
			String tag = candidate.trim();
			if (tag.equals("*") || tag.replaceFirst("^W/", "").equals(of(currentVersion))) {
				return;
			}
		}
		throw ProblemException.preconditionFailed(
				"The If-Match ETag is stale: the current one is " + of(currentVersion) + ". Read it again and retry.");
	}

}
