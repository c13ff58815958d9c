package io.strata.identity.auth;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.strata.identity.config.IdentityProperties;
import io.strata.identity.support.Hashes;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brute-force protection for sign-in: failures are counted per account (the email,
 * whether or not it exists, so the answer never tells) and per client address. Past
 * {@code free-failures}, each further failure locks the key for twice as long as the one
 * before, up to {@code max-lockout}; a success clears the account's count. Kept in
 * PostgreSQL so every instance sees the same counts.
 */
@Component
class LoginThrottle {

	private static final String ACCOUNT = "account:";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final IdentityProperties.Throttle settings;

	LoginThrottle(JdbcTemplate jdbc, TransactionTemplate transactions, IdentityProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.settings = properties.throttle();
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

	static List<String> keys(String email, String clientAddress) {
		return List.of(ACCOUNT + Hashes.sha256(email), "address:" + Hashes.sha256(clientAddress));
	}

	void check(List<String> keys) {
		Timestamp until = this.jdbc.queryForObject(
				"SELECT max(locked_until) FROM login_throttle WHERE key = ANY (?) AND locked_until > now()",
				Timestamp.class, (Object) keys.toArray(String[]::new));
		if (until != null) {
			Duration wait = Duration.between(Instant.now(), until.toInstant());
			throw new LockedOut(wait.isNegative() ? Duration.ofSeconds(1) : wait.plusSeconds(1).withNanos(0));
		}
	}

	void failed(List<String> keys) {
		this.transactions.executeWithoutResult((status) -> {
			for (String key : keys) {
				int failures = this.jdbc.queryForObject("""
						INSERT INTO login_throttle (key, failures, updated_at) VALUES (?, 1, now())
						ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = now()
						RETURNING failures""", Integer.class, key);
				Duration lockout = lockout(failures,
						key.startsWith(ACCOUNT) ? this.settings.freeFailures() : this.settings.addressFreeFailures());
				if (!lockout.isZero()) {
					this.jdbc.update("UPDATE login_throttle SET locked_until = ? WHERE key = ?",
							Timestamp.from(Instant.now().plus(lockout)), key);
				}
			}
		});
	}

	void succeeded(String accountKey) {
		this.jdbc.update("DELETE FROM login_throttle WHERE key = ?", accountKey);
	}

	Duration lockout(int failures, int free) {
		int past = failures - free;
		if (past <= 0) {
			return Duration.ZERO;
		}
		Duration lockout = this.settings.baseLockout().multipliedBy(1L << Math.min(past - 1, 20));
		return (lockout.compareTo(this.settings.maxLockout()) > 0) ? this.settings.maxLockout() : lockout;
	}

}
