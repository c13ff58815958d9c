package io.strata.identity.user;

import org.junit.jupiter.api.Test;

import io.strata.platform.problem.FieldViolation;

import static org.assertj.core.api.Assertions.assertThat;

/** The password policy's rules, with defaults and with every character class on. */
class PasswordPolicyTests {

	private final PasswordPolicy defaults = new PasswordPolicy(
			new PasswordPolicy.Settings(12, 128, false, false, false, false));

	private final PasswordPolicy strict = new PasswordPolicy(
			new PasswordPolicy.Settings(12, 128, true, true, true, true));

	@Test
	void lengthIsCountedInCharactersAndBoundedBothWays() {
		assertThat(this.defaults.check("/password", "a".repeat(11), null)).hasSize(1);
		assertThat(this.defaults.check("/password", "a".repeat(12), null)).isEmpty();
		assertThat(this.defaults.check("/password", "a".repeat(128), null)).isEmpty();
		assertThat(this.defaults.check("/password", "a".repeat(129), null)).hasSize(1);
		// twelve emoji are twelve characters, though 24 UTF-16 units
		assertThat(this.defaults.check("/password", "\uD83D\uDE00".repeat(12), null)).isEmpty();
		assertThat(this.defaults.check("/password", "\uD83D\uDE00".repeat(6), null)).hasSize(1);
		assertThat(this.defaults.check("/password", null, null)).extracting(FieldViolation::pointer)
			.containsExactly("/password");
	}

	@Test
	void thePasswordMustNotBeTheEmail() {
		assertThat(this.defaults.check("/password", " Someone@Example.com", "someone@example.com"))
			.extracting(FieldViolation::message)
			.containsExactly("must not be the email address");
	}

	@Test
	void characterClassesAreOffByDefaultAndEachCanBeRequired() {
		assertThat(this.defaults.check("/p", "aaaaaaaaaaaa", null)).isEmpty();
		assertThat(this.strict.check("/p", "aaaaaaaaaaaa", null)).extracting(FieldViolation::message)
			.containsExactly("must contain an upper-case letter", "must contain a digit", "must contain a symbol");
		assertThat(this.strict.check("/p", "Aaaaaaaaaaa1!", null)).isEmpty();
	}

}
