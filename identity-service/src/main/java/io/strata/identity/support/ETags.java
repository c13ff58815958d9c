package io.strata.identity.support;

/**
 * Reads the {@code If-Match} of a write: identity's ETags are a row's version, strong on
 * the REST API and weak on SCIM (where one version has several representations).
 */
public final class ETags {

	private ETags() {
	}

	/**
	 * The version an {@code If-Match} names: {@code null} when there is none or it is
	 * {@code *}; {@code -1} for a tag this service never issued, which matches no
	 * version, so the write fails its precondition (412) like any stale tag.
	 */
	public static Integer version(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || "*".equals(ifMatch.strip())) {
			return null;
		}
		String tag = ifMatch.strip().replaceFirst("^W/", "").replace("\"", "");
		try {
			return Integer.parseInt(tag);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
