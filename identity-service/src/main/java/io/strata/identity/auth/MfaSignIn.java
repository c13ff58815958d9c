package io.strata.identity.auth;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.mfa.Mfa;
import io.strata.identity.mfa.MfaProperties;
import io.strata.identity.user.User;
import io.strata.identity.user.Users;
import io.strata.platform.crypto.Digests;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The second step of a sign-in. A correct password for a user with MFA yields a challenge
 * (256 random bits, stored hashed, short-lived, a few attempts) instead of tokens; the
 * challenge and a TOTP or recovery code complete the sign-in. A user the tenant's policy
 * requires to use MFA, who has none yet, gets an enrolment challenge instead: it starts a
 * TOTP enrolment, and its first code confirms it and signs in.
 */
@Component
class MfaSignIn {

	static final String VERIFY = "verify";

	static final String ENROL = "enrol";

	private final JdbcTemplate jdbc;

	private final TenantScope tenants;

	private final Users users;

	private final Mfa mfa;

	private final Sessions sessions;

	private final AuditLog audit;

	private final MfaProperties properties;

	MfaSignIn(JdbcTemplate jdbc, TenantScope tenants, Users users, Mfa mfa, Sessions sessions, AuditLog audit,
			MfaProperties properties) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.users = users;
		this.mfa = mfa;
		this.sessions = sessions;
		this.audit = audit;
		this.properties = properties;
	}

	/** Issues a challenge; runs inside the user's tenant scope. */
	String challenge(User user, String purpose) {
		String challenge = "mfa_" + Ids.randomToken(32);
		this.jdbc.update("""
				INSERT INTO mfa_challenges (challenge_hash, tenant_id, user_id, purpose, expires_at)
				VALUES (?, ?, ?, ?, ?)""", Digests.sha256Hex(challenge), user.tenantId(), user.id(), purpose,
				Timestamp.from(Instant.now().plus(this.properties.challengeTtl())));
		this.audit.append(user.tenantId(), user.id(), "auth.mfa_challenged", user.id(), Map.of("purpose", purpose));
		return challenge;
	}

	/** Starts the TOTP enrolment an enrolment challenge stands for. */
	Mfa.Enrolment enrol(String challenge) {
		Found found = find(challenge, ENROL);
		Mfa.Enrolment enrolment = this.tenants.call(found.tenantId(), (status) -> {
			Challenge live = live(challenge, ENROL);
			return (live != null) ? this.mfa.begin(live.user(), live.user().id()) : null;
		});
		if (enrolment == null) {
			throw invalidChallenge();
		}
		return enrolment;
	}

	/**
	 * Completes a sign-in: a verify challenge with a TOTP or recovery code, or an enrol
	 * challenge with the first code of the enrolment it started (the answer then carries
	 * the recovery codes).
	 */
	TokenResponse verify(String challenge, String code) {
		TokenResponse tokens = complete(challenge, null, code,
				(user, recoveryCodes) -> this.sessions.start(user).withRecoveryCodes(recoveryCodes));
		if (tokens == null) {
			throw invalidCode();
		}
		return tokens;
	}

	/**
	 * The second-factor check of every sign-in (this API and the browser login page):
	 * spends the challenge when the code is right (a TOTP code is accepted once), counts
	 * a wrong code against it. {@code next} runs in the user's tenant transaction with
	 * the recovery codes a completed enrolment handed out; null when the code is wrong.
	 * @param purpose the challenge's purpose, or null for either
	 */
	<T> T complete(String challenge, String purpose, String code, BiFunction<User, List<String>, T> next) {
		Found found = find(challenge, purpose);
		return this.tenants.call(found.tenantId(), (status) -> {
			Challenge live = live(challenge, purpose);
			if (live == null) {
				return null;
			}
			User user = live.user();
			List<String> recoveryCodes = List.of();
			boolean accepted;
			if (ENROL.equals(live.purpose())) {
				recoveryCodes = this.mfa.confirm(user, code, user.id());
				accepted = !recoveryCodes.isEmpty();
			}
			else {
				accepted = this.mfa.verify(user, code);
			}
			if (!accepted) {
				// counted in the same transaction that commits: the attempt sticks
				this.jdbc.update("UPDATE mfa_challenges SET attempts = attempts + 1 WHERE challenge_hash = ?",
						Digests.sha256Hex(challenge));
				this.audit.append(user.tenantId(), user.id(), "auth.login_failed", user.id(),
						Map.of("reason", "wrong second factor"));
				return null;
			}
			this.jdbc.update("UPDATE mfa_challenges SET used_at = now() WHERE challenge_hash = ?",
					Digests.sha256Hex(challenge));
			this.audit.append(user.tenantId(), user.id(), "auth.login_succeeded", user.id(),
					Map.of("mfa", live.purpose()));
			return next.apply(user, recoveryCodes);
		});
	}

	static ProblemException invalidCode() {
		return new ProblemException(HttpStatus.UNAUTHORIZED, "invalid-mfa-code", "Invalid code",
				"The code is wrong or already used, or the challenge expired. Sign in again if it keeps failing.");
	}

	/** The challenge's tenant, looked up as the service before any tenant is known. */
	private Found find(String challenge, String purpose) {
		List<String> tenant = this.jdbc.queryForList(
				"SELECT tenant_id FROM mfa_challenges WHERE challenge_hash = ? AND (?::text IS NULL OR purpose = ?::text)",
				String.class, Digests.sha256Hex((challenge != null) ? challenge : ""), purpose, purpose);
		if (tenant.isEmpty()) {
			throw invalidChallenge();
		}
		return new Found(tenant.get(0));
	}

	/** The challenge, if still usable; locks it. Runs in the tenant's scope. */
	private Challenge live(String challenge, String purpose) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				SELECT user_id, purpose FROM mfa_challenges
				WHERE challenge_hash = ? AND used_at IS NULL AND expires_at > now() AND attempts < ?
				FOR UPDATE""", Digests.sha256Hex(challenge), this.properties.challengeAttempts());
		if (rows.isEmpty() || (purpose != null && !purpose.equals(rows.get(0).get("purpose")))) {
			return null;
		}
		User user = this.users.find((String) rows.get(0).get("user_id"))
			.filter((found) -> !found.disabled())
			.orElse(null);
		return (user != null) ? new Challenge(user, (String) rows.get(0).get("purpose")) : null;
	}

	private static ProblemException invalidChallenge() {
		return new ProblemException(HttpStatus.UNAUTHORIZED, "invalid-mfa-challenge", "Invalid MFA challenge",
				"The challenge is unknown, expired or spent. Sign in again.");
	}

	private record Found(String tenantId) {

	}

	private record Challenge(User user, String purpose) {

	}

}
