package io.strata.identity.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import org.bouncycastle.util.encoders.Base32;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.user.User;
import io.strata.platform.crypto.Digests;
import io.strata.platform.crypto.SecretBox;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A user's TOTP second factor and recovery codes, and the tenant's MFA policy. Every
 * method runs inside the caller's tenant-scoped transaction (row-level security), and
 * records MFA changes in the audit log of that transaction.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class Mfa {

	/** Recovery codes handed out at enrolment. */
	public static final int RECOVERY_CODES = 10;

	/** The tenant policies: who must use MFA. */
	public static final List<String> POLICIES = List.of("optional", "admins", "all");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;

	private final SecretBox secrets;

	private final AuditLog audit;

	private final MfaProperties properties;

	Mfa(JdbcTemplate jdbc, SecretBox secrets, AuditLog audit, MfaProperties properties) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.audit = audit;
		this.properties = properties;
	}

	/**
	 * A pending enrolment: the secret (base32, for typing in), the {@code otpauth://} URI
	 * and its QR code.
	 */
	@Schema(name = "MfaEnrolment", description = "A pending TOTP enrolment: type in the secret or scan the QR code.")
	public record Enrolment(
			@Schema(description = "The shared secret, base32", example = "JBSWY3DPEHPK3PXP") String secret,
			@Schema(example = "otpauth://totp/Strata:ada@acme.example?secret=JBSWY3DPEHPK3PXP&issuer=Strata") String otpauthUri,
			@Schema(description = "The otpauth URI as a QR code: a PNG, base64",
					example = "iVBORw0KGgoAAAANSUhEUgAA...") String qrCodePng) {

	}

	/** Whether the user has a confirmed TOTP factor. */
	public boolean enrolled(String userId) {
		return !this.jdbc
			.queryForList("SELECT 1 FROM mfa_totp WHERE user_id = ? AND confirmed_at IS NOT NULL", Integer.class,
					userId)
			.isEmpty();
	}

	/** Whether the tenant's policy requires this user to use MFA. */
	public boolean required(User user) {
		return switch (policy(user.tenantId())) {
			case "all" -> true;
			case "admins" ->
				user.roles().contains(Caller.ADMIN_ROLE) || user.roles().contains(Caller.PLATFORM_ADMIN_ROLE);
			default -> false;
		};
	}

	/**
	 * Starts (or restarts) enrolment with a fresh 160-bit seed (RFC 4226's recommended
	 * length); the factor counts only once {@link #confirm confirmed} with a first code.
	 */
	public Enrolment begin(User user, String actor) {
		if (enrolled(user.id())) {
			throw ProblemException.conflict("TOTP is already enabled; remove it before enrolling again.");
		}
		byte[] seed = new byte[20];
		RANDOM.nextBytes(seed);
		this.jdbc.update("""
				INSERT INTO mfa_totp (user_id, tenant_id, seed) VALUES (?, ?, ?)
				ON CONFLICT (user_id) DO UPDATE SET seed = excluded.seed, confirmed_at = NULL, last_step = -1,
					created_at = now()""", user.id(), user.tenantId(),
				this.secrets.encrypt(seed, associatedData(user)));
		this.audit.append(user.tenantId(), actor, "mfa.totp_enrolment_started", user.id(), Map.of());
		String secret = Base32.toBase32String(seed).replace("=", "");
		String issuer = this.properties.issuerName();
		String uri = "otpauth://totp/" + encode(issuer) + ":" + encode(user.email()) + "?secret=" + secret + "&issuer="
				+ encode(issuer) + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP.toSeconds();
		return new Enrolment(secret, uri, QrCodes.pngBase64(uri));
	}

	/**
	 * Confirms a pending enrolment with a first code and hands out the recovery codes
	 * (shown once, stored hashed). Empty when the code is wrong.
	 */
	public List<String> confirm(User user, String code, String actor) {
		List<byte[]> pending = this.jdbc.queryForList(
				"SELECT seed FROM mfa_totp WHERE user_id = ? AND confirmed_at IS NULL FOR UPDATE", byte[].class,
				user.id());
		if (pending.isEmpty()) {
			throw ProblemException.conflict("No TOTP enrolment is waiting for confirmation; start one first.");
		}
		OptionalLong step = Totp.match(this.secrets.decrypt(pending.get(0), associatedData(user)), code, Instant.now(),
				-1);
		if (step.isEmpty()) {
			this.audit.append(user.tenantId(), actor, "mfa.totp_confirmation_failed", user.id(), Map.of());
			return List.of();
		}
		this.jdbc.update("UPDATE mfa_totp SET confirmed_at = now(), last_step = ? WHERE user_id = ?", step.getAsLong(),
				user.id());
		List<String> codes = newRecoveryCodes(user);
		this.audit.append(user.tenantId(), actor, "mfa.totp_enabled", user.id(),
				Map.of("recovery_codes", RECOVERY_CODES));
		return codes;
	}

	/**
	 * Checks a second factor: a TOTP code (within ±1 step, each accepted once) or a
	 * recovery code (each usable once).
	 */
	public boolean verify(User user, String code) {
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"SELECT seed, last_step FROM mfa_totp WHERE user_id = ? AND confirmed_at IS NOT NULL FOR UPDATE",
				user.id());
		if (rows.isEmpty() || code == null) {
			return false;
		}
		String given = code.strip();
		if (given.length() == Totp.DIGITS) {
			byte[] seed = this.secrets.decrypt((byte[]) rows.get(0).get("seed"), associatedData(user));
			OptionalLong step = Totp.match(seed, given, Instant.now(),
					((Number) rows.get(0).get("last_step")).longValue());
			step.ifPresent((accepted) -> this.jdbc.update("UPDATE mfa_totp SET last_step = ? WHERE user_id = ?",
					accepted, user.id()));
			return step.isPresent();
		}
		int used = this.jdbc.update(
				"UPDATE mfa_recovery_codes SET used_at = now()"
						+ " WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
				user.id(), Digests.sha256Hex(normalise(given)));
		if (used == 0) {
			return false;
		}
		this.audit.append(user.tenantId(), user.id(), "mfa.recovery_code_used", user.id(),
				Map.of("remaining", recoveryCodesLeft(user.id())));
		return true;
	}

	/** Removes the user's TOTP factor and recovery codes. */
	public void remove(User user, String actor) {
		int removed = this.jdbc.update("DELETE FROM mfa_totp WHERE user_id = ?", user.id());
		this.jdbc.update("DELETE FROM mfa_recovery_codes WHERE user_id = ?", user.id());
		if (removed > 0) {
			this.audit.append(user.tenantId(), actor, "mfa.totp_removed", user.id(), Map.of());
		}
	}

	public int recoveryCodesLeft(String userId) {
		return this.jdbc.queryForObject("SELECT count(*) FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL",
				Integer.class, userId);
	}

	/** none, pending (waiting for its first code) or enabled. */
	public String state(String userId) {
		List<Boolean> confirmed = this.jdbc
			.queryForList("SELECT confirmed_at IS NOT NULL FROM mfa_totp WHERE user_id = ?", Boolean.class, userId);
		return confirmed.isEmpty() ? "none" : (confirmed.get(0) ? "enabled" : "pending");
	}

	public String policy(String tenantId) {
		return this.jdbc.queryForObject("SELECT mfa_policy FROM tenants WHERE id = ?", String.class, tenantId);
	}

	public void setPolicy(String tenantId, String policy, String actor) {
		if (policy == null || !POLICIES.contains(policy)) {
			throw ProblemException.invalid("Unknown MFA policy",
					List.of(new FieldViolation("/require", "must be one of " + POLICIES)));
		}
		String before = policy(tenantId);
		this.jdbc.update("UPDATE tenants SET mfa_policy = ? WHERE id = ?", policy, tenantId);
		this.audit.append(tenantId, actor, "mfa.policy_changed", tenantId, Map.of("from", before, "to", policy));
	}

	private List<String> newRecoveryCodes(User user) {
		this.jdbc.update("DELETE FROM mfa_recovery_codes WHERE user_id = ?", user.id());
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < RECOVERY_CODES; i++) {
			// 80 random bits: a fast hash is enough for a secret that long
			byte[] value = new byte[10];
			RANDOM.nextBytes(value);
			String code = Base32.toBase32String(value).toLowerCase(Locale.ROOT);
			code = code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8, 12) + "-"
					+ code.substring(12, 16);
			this.jdbc.update("INSERT INTO mfa_recovery_codes (user_id, tenant_id, code_hash) VALUES (?, ?, ?)",
					user.id(), user.tenantId(), Digests.sha256Hex(normalise(code)));
			codes.add(code);
		}
		return codes;
	}

	/** Recovery codes are typed by people: case, dashes and spaces do not matter. */
	private static String normalise(String code) {
		return code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * Binds a seed's ciphertext to its user: copied to another row, it does not decrypt.
	 */
	private static byte[] associatedData(User user) {
		return ("mfa_totp:" + user.tenantId() + ":" + user.id()).getBytes(StandardCharsets.UTF_8);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
