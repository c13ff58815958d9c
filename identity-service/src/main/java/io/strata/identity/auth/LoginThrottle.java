package io.strata.identity.auth;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.strata.identity.config.IdentityProperties;
import io.strata.platform.crypto.Digests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brute-force protection for sign-in, kept in PostgreSQL so every instance sees the same
 * counts.
 * <p>
 * Per account (the email, whether or not it exists, so the answer never tells): past
 * {@code free-failures}, each further failure locks the account for twice as long as the
 * one before, up to {@code max-lockout}; a success clears the count.
 * <p>
 * Per client address, a sliding window: more than {@code address-free-failures} failures
 * within {@code address-window} and the address waits until enough of them are older than
 * the window. Many people may share an address (NAT, an office, a mobile carrier), and no
 * one of them can clear it by succeeding, so its failures must age out rather than add up
 * for good. The row keeps only the times of the newest failures, as many as the decision
 * needs.
 */
@Component
class LoginThrottle {

	private static final String ACCOUNT = "account:";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final IdentityProperties.Throttle settings;

	private final Clock clock;

	@Autowired
	LoginThrottle(JdbcTemplate jdbc, TransactionTemplate transactions, IdentityProperties properties) {
		this(jdbc, transactions, properties, Clock.systemUTC());
	}

	LoginThrottle(JdbcTemplate jdbc, TransactionTemplate transactions, IdentityProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.settings = properties.throttle();
		this.clock = clock;
	}

	/** Thrown while a key is locked out. */
	static final class LockedOut extends RuntimeException {

		private final Duration retryAfter;

		LockedOut(Duration retryAfter) {
			super("Too many failed sign-ins; retry in " + retryAfter.toSeconds() + "s", null, false, false);
			this.retryAfter = retryAfter;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

	private record Row(String key, Instant lockedUntil, List<Instant> failedAt) {

	}

	/** The account's key first, then the client address's. */
	static List<String> keys(String email, String clientAddress) {
		return List.of(ACCOUNT + Digests.sha256Hex(email), "address:" + Digests.sha256Hex(clientAddress));
	}

	void check(List<String> keys) {
		Instant now = this.clock.instant();
		List<Row> rows = this.jdbc.query("SELECT key, locked_until, failed_at FROM login_throttle WHERE key = ANY (?)",
				(rs, row) -> new Row(rs.getString("key"), instant(rs.getTimestamp("locked_until")),
						instants(rs.getArray("failed_at"))),
				(Object) keys.toArray(String[]::new));
		Instant until = now;
		for (Row row : rows) {
			Instant free = row.key().startsWith(ACCOUNT) ? row.lockedUntil() : windowFreesAt(row.failedAt(), now);
			if (free != null && free.isAfter(until)) {
				until = free;
			}
		}
		if (until.isAfter(now)) {
			throw new LockedOut(Duration.between(now, until).plusSeconds(1).withNanos(0));
		}
	}

	void failed(List<String> keys) {
		Instant now = this.clock.instant();
		this.transactions.executeWithoutResult((status) -> {
			for (String key : keys) {
				if (key.startsWith(ACCOUNT)) {
					failedAccount(key, now);
				}
				else {
					failedAddress(key, now);
				}
			}
		});
	}

	void succeeded(String accountKey) {
		this.jdbc.update("DELETE FROM login_throttle WHERE key = ?", accountKey);
	}

	private Duration lockout(int failures, int free) {
		int past = failures - free;
		if (past <= 0) {
			return Duration.ZERO;
		}
		Duration lockout = this.settings.baseLockout().multipliedBy(1L << Math.min(past - 1, 20));
		return (lockout.compareTo(this.settings.maxLockout()) > 0) ? this.settings.maxLockout() : lockout;
	}

	private void failedAccount(String key, Instant now) {
		int failures = this.jdbc.queryForObject("""
				INSERT INTO login_throttle (key, failures, updated_at) VALUES (?, 1, ?)
				ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = excluded.updated_at
				RETURNING failures""", Integer.class, key, Timestamp.from(now));
		Duration lockout = lockout(failures, this.settings.freeFailures());
		if (!lockout.isZero()) {
			this.jdbc.update("UPDATE login_throttle SET locked_until = ? WHERE key = ?",
					Timestamp.from(now.plus(lockout)), key);
		}
	}

	// keeps the newest failures within the window, one more than are free: enough to tell
	// whether the address waits, and until when
	private void failedAddress(String key, Instant now) {
		Timestamp at = Timestamp.from(now);
		this.jdbc.update(
				"""
						INSERT INTO login_throttle AS t (key, failures, failed_at, updated_at) VALUES (?, 1, ARRAY[?::timestamptz], ?)
						ON CONFLICT (key) DO UPDATE SET failures = t.failures + 1, updated_at = excluded.updated_at,
						    failed_at = ARRAY(SELECT f FROM unnest(coalesce(t.failed_at, '{}') || ?::timestamptz) AS f
						                      WHERE f > ? ORDER BY f DESC LIMIT ?)""",
				key, at, at, at, Timestamp.from(now.minus(this.settings.addressWindow())),
				this.settings.addressFreeFailures() + 1);
	}

	/**
	 * When the address may try again: once no more than the free number of its failures
	 * are within the window; null while it may.
	 */
	private Instant windowFreesAt(List<Instant> failedAt, Instant now) {
		Instant windowStart = now.minus(this.settings.addressWindow());
		List<Instant> recent = failedAt.stream().filter(windowStart::isBefore).sorted().toList();
		int over = recent.size() - this.settings.addressFreeFailures();
		return (over > 0) ? recent.get(over - 1).plus(this.settings.addressWindow()) : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private static List<Instant> instants(Array array) throws SQLException {
		return (array != null) ? Arrays.stream((Timestamp[]) array.getArray()).map(Timestamp::toInstant).toList()
				: List.of();
	}

}
