package io.strata.workflow.support;

import io.strata.platform.web.PageRequests;

/**
 * Opaque page tokens (the last key of the previous page) and page sizes (default 50, max
 * 500), as the platform validates them.
 */
public final class PageTokens {

	private PageTokens() {
	}

	public static String encode(String lastKey) {
		return PageRequests.token(lastKey);
	}

	public static String decode(String token) {
		return PageRequests.position(token);
	}

	public static int pageSize(Integer requested) {
		return PageRequests.size(requested);
	}

}
