package io.strata.notification.support;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Opaque ids that sort by creation time (keyset pagination follows creation order) and
 * never contain a full stop, which the Standard Webhooks signature scheme uses as its
 * delimiter.
 */
public final class Ids {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Ids() {
	}

	public static String next(String prefix) {
		String time = Long.toString(System.currentTimeMillis(), 36);
		StringBuilder random = new StringBuilder();
		for (int i = 0; i < 3; i++) {
			random.append(Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36));
		}
		String tail = random.length() > 20 ? random.substring(0, 20) : random.toString();
		return prefix + "_" + "0".repeat(Math.max(0, 9 - time.length())) + time + tail.toLowerCase(Locale.ROOT);
	}

}
