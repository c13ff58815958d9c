package io.strata.identity.user;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.SpoofChecker;

import io.strata.platform.problem.FieldViolation;

/**
 * The one spelling of an e-mail address identity stores and looks up, whatever entry
 * point it came through (users, invitations, SCIM, sign-in, password reset, bootstrap).
 * <p>
 * NFKC first, so that fullwidth or compatibility forms ({@code ａｄｍｉｎ}) are the letters
 * they look like; then trimmed and lower-cased as identity always did (one account per
 * address whatever the caller's case, although RFC 5321 lets a mailbox care); the domain
 * goes to its ASCII (Punycode) form by UTS #46, as mail servers and browsers resolve it.
 * Dots, plus tags and the rest of the local part are kept: whether they matter is the
 * mailbox's business.
 * <p>
 * The {@link #skeleton skeleton} (UTS #39) is what two addresses that look alike to a
 * person share ({@code аdmin} with a Cyrillic {@code а} and {@code admin}); identity
 * stores it to refuse such look-alikes within a tenant.
 */
public final class EmailAddresses {

	// deliberately loose: the mailbox decides what is deliverable; this catches typos
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

	private static final int MAX_LENGTH = 320;

	// non-transitional (IDNA2008 behaviour: ß and ς stay), STD3 host names, the bidi and
	// joiner rules: what browsers do, so the stored domain is the one that resolves
	private static final IDNA IDNA_UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
			| IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.USE_STD3_RULES | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);

	// the skeleton alone; the restriction-level checks would refuse legitimate
	// mixed-script
	// addresses, and refusing is the tenant's only concern here
	private static final SpoofChecker SPOOF = new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

	private EmailAddresses() {
	}

	/** The address as stored, or empty when it is no e-mail address. */
	public static Optional<String> normalize(String email) {
		if (email == null || email.length() > MAX_LENGTH * 4) {
			return Optional.empty();
		}
		String address = Normalizer.normalize(email, Normalizer.Form.NFKC).strip();
		int at = address.lastIndexOf('@');
		if (!EMAIL.matcher(address).matches() || at <= 0) {
			return Optional.empty();
		}
		String local = address.substring(0, at).toLowerCase(Locale.ROOT);
		StringBuilder domain = new StringBuilder();
		IDNA.Info info = new IDNA.Info();
		IDNA_UTS46.nameToASCII(address.substring(at + 1), domain, info);
		String normalized = local + "@" + domain;
		if (info.hasErrors() || normalized.length() > MAX_LENGTH || !EMAIL.matcher(normalized).matches()) {
			return Optional.empty();
		}
		return Optional.of(normalized);
	}

	/**
	 * The address as stored, or null with a violation at {@code /email} when it is no
	 * e-mail address.
	 */
	public static String normalize(String email, List<FieldViolation> violations) {
		Optional<String> normalized = normalize(email);
		if (normalized.isEmpty()) {
			violations.add(new FieldViolation("/email", "must be an email address"));
			return null;
		}
		return normalized.get();
	}

	/**
	 * What to look a caller's address up by: its stored form, or, when it is no address,
	 * the input trimmed and lower-cased, which matches no stored address but still keys a
	 * throttle the same way for every spelling.
	 */
	public static String lookupKey(String email) {
		if (email == null) {
			return "";
		}
		return normalize(email).orElseGet(() -> email.strip().toLowerCase(Locale.ROOT));
	}

	/**
	 * The UTS #39 skeleton of a {@link #normalize normalized} address: equal for
	 * addresses a person cannot tell apart. The domain is compared in its Unicode form,
	 * so a look-alike domain (whose Punycode differs) is caught too.
	 */
	public static String skeleton(String normalized) {
		int at = normalized.lastIndexOf('@');
		StringBuilder domain = new StringBuilder();
		IDNA_UTS46.nameToUnicode(normalized.substring(at + 1), domain, new IDNA.Info());
		return SPOOF.getSkeleton(normalized.substring(0, at) + "@" + domain);
	}

}
