package io.strata.identity.account;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.strata.platform.crypto.Digests;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters for public password-reset requests, per client address and per
 * requested email (both hashed), in PostgreSQL so every instance shares them. The login
 * throttle's growing lockouts punish failures; here every request is a "success", so a
 * plain quota per window is what bounds mail volume.
 */
@Component
class ResetThrottle {

	private final JdbcTemplate jdbc;

	private final AccountProperties properties;

	ResetThrottle(JdbcTemplate jdbc, AccountProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/** How long the address must wait, or zero while it is within its quota. */
	Duration addressWait(String clientAddress) {
		return count("address:" + Digests.sha256Hex(clientAddress), this.properties.resetRequestsPerAddress());
	}

	/** Whether another token may be sent to this email in the current window. */
	boolean emailAllowed(String email) {
		return count("email:" + Digests.sha256Hex(email), this.properties.resetRequestsPerEmail()).isZero();
	}

	private Duration count(String key, int quota) {
		long window = this.properties.resetRequestWindow().toMillis();
		Map<String, Object> row = this.jdbc.queryForMap("""
				INSERT INTO password_reset_throttle AS t (key, window_start, requests) VALUES (?, now(), 1)
				ON CONFLICT (key) DO UPDATE SET
				    requests = CASE WHEN t.window_start <= now() - ? * interval '1 millisecond' THEN 1
				                    ELSE t.requests + 1 END,
				    window_start = CASE WHEN t.window_start <= now() - ? * interval '1 millisecond' THEN now()
				                        ELSE t.window_start END
				RETURNING requests, window_start""", key, window, window);
		if (((Number) row.get("requests")).intValue() <= quota) {
			return Duration.ZERO;
		}
		Instant end = ((Timestamp) row.get("window_start")).toInstant().plusMillis(window);
		Duration wait = Duration.between(Instant.now(), end);
		return wait.isNegative() ? Duration.ofSeconds(1) : wait.plusSeconds(1).withNanos(0);
	}

}
