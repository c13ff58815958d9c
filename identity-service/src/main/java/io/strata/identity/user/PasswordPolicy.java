package io.strata.identity.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The one password policy: user creation, admin changes, self-service changes, invitation
 * acceptance and password reset all go through {@link #require}. Length counts Unicode
 * code points; the maximum bounds the work an Argon2 hash of attacker input costs.
 * Character classes are off by default (NIST SP 800-63B: length beats composition rules),
 * for tenants whose compliance asks for them.
 */
@Component
@EnableConfigurationProperties(PasswordPolicy.Settings.class)
public class PasswordPolicy {

	private final Settings settings;

	PasswordPolicy(Settings settings) {
		this.settings = settings;
	}

	/**
	 * @param minLength fewest characters
	 * @param maxLength most characters (Argon2 hashes whatever it is given)
	 * @param requireLowercase at least one lower-case letter
	 * @param requireUppercase at least one upper-case letter
	 * @param requireDigit at least one digit
	 * @param requireSymbol at least one character that is neither letter nor digit
	 */
	@ConfigurationProperties("strata.identity.password-policy")
	public record Settings(@DefaultValue("12") int minLength, @DefaultValue("128") int maxLength,
			@DefaultValue("false") boolean requireLowercase, @DefaultValue("false") boolean requireUppercase,
			@DefaultValue("false") boolean requireDigit, @DefaultValue("false") boolean requireSymbol) {

	}

	/**
	 * What is wrong with the password, as field errors at {@code pointer}; empty when it
	 * passes.
	 * @param email the account's email (a password equal to it is refused); may be null
	 */
	public List<FieldViolation> check(String pointer, String password, String email) {
		List<FieldViolation> violations = new ArrayList<>();
		if (password == null) {
			violations.add(new FieldViolation(pointer, "is required"));
			return violations;
		}
		int length = password.codePointCount(0, password.length());
		if (length < this.settings.minLength() || length > this.settings.maxLength()) {
			violations.add(new FieldViolation(pointer, "must have between " + this.settings.minLength() + " and "
					+ this.settings.maxLength() + " characters"));
		}
		requireClass(violations, pointer, password, this.settings.requireLowercase(), Character::isLowerCase,
				"a lower-case letter");
		requireClass(violations, pointer, password, this.settings.requireUppercase(), Character::isUpperCase,
				"an upper-case letter");
		requireClass(violations, pointer, password, this.settings.requireDigit(), Character::isDigit, "a digit");
		requireClass(violations, pointer, password, this.settings.requireSymbol(), (c) -> !Character.isLetterOrDigit(c),
				"a symbol");
		if (email != null && password.strip().toLowerCase(Locale.ROOT).equals(email.strip().toLowerCase(Locale.ROOT))) {
			violations.add(new FieldViolation(pointer, "must not be the email address"));
		}
		return violations;
	}

	/** Throws a 400 problem with the field errors when the password does not pass. */
	public void require(String pointer, String password, String email) {
		List<FieldViolation> violations = check(pointer, password, email);
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The password does not meet the password policy", violations);
		}
	}

	private static void requireClass(List<FieldViolation> violations, String pointer, String password, boolean required,
			IntPredicate test, String what) {
		if (required && password.codePoints().noneMatch(test)) {
			violations.add(new FieldViolation(pointer, "must contain " + what));
		}
	}

}
