package io.strata.identity.auth;

import java.util.Map;
import java.util.Optional;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.mfa.Mfa;
import io.strata.identity.user.User;
import io.strata.platform.problem.ProblemException;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * The browser login page's sign-in (io.strata.identity.login), on the same checks as the
 * sign-in API: {@link SigningIn#authenticate} for the password (throttling, lockout,
 * Argon2, disabled accounts, audit) and {@link MfaSignIn#complete} for the second factor
 * (single-use codes, attempt limits). It answers in Spring Security's terms and starts no
 * first-party session: the authorization server issues the tokens.
 */
@Component
public class BrowserSignIn {

	private final SigningIn signingIn;

	private final MfaSignIn mfaSignIn;

	private final Mfa mfa;

	private final AuditLog audit;

	BrowserSignIn(SigningIn signingIn, MfaSignIn mfaSignIn, Mfa mfa, AuditLog audit) {
		this.signingIn = signingIn;
		this.mfaSignIn = mfaSignIn;
		this.mfa = mfa;
		this.audit = audit;
	}

	/** What a correct password leads to. */
	public sealed interface PasswordChecked permits SignedIn, SecondFactorRequired {

	}

	/** Signed in: the user has no second factor. */
	public record SignedIn(User user) implements PasswordChecked {

	}

	/** The user has TOTP: the page asks for a code to go with this challenge. */
	public record SecondFactorRequired(String challenge) implements PasswordChecked {

	}

	/** The tenant requires MFA this user has not set up yet. */
	public static final class EnrolmentRequired extends AuthenticationException {

		EnrolmentRequired() {
			super("Multi-factor authentication must be set up first");
		}

	}

	/**
	 * Checks the password of the account with this email in this tenant.
	 * @throws BadCredentialsException wrong email or password, or a disabled account
	 * @throws LockedException too many failures for the account or the address
	 * @throws EnrolmentRequired the tenant requires MFA the user has not set up
	 */
	public PasswordChecked password(String email, String password, String tenantId, String clientAddress) {
		// empty: the password was right, but the tenant requires MFA the user does not
		// have
		Optional<PasswordChecked> checked;
		try {
			checked = this.signingIn.authenticate(new SigningIn.Login(email, password, tenantId, clientAddress),
					(user) -> {
						if (this.mfa.enrolled(user.id())) {
							return Optional
								.of(new SecondFactorRequired(this.mfaSignIn.challenge(user, MfaSignIn.VERIFY)));
						}
						if (this.mfa.required(user)) {
							return Optional.empty();
						}
						this.audit.append(user.tenantId(), user.id(), "auth.login_succeeded", user.id(),
								Map.of("client_address", clientAddress, "channel", "browser"));
						return Optional.of(new SignedIn(user));
					});
		}
		catch (LoginThrottle.LockedOut ex) {
			throw new LockedException(ex.getMessage());
		}
		catch (ProblemException ex) {
			throw new BadCredentialsException(ex.getMessage());
		}
		return checked.orElseThrow(EnrolmentRequired::new);
	}

	/**
	 * Completes a sign-in with the challenge's TOTP or recovery code.
	 * @throws BadCredentialsException a wrong or replayed code, or a spent or expired
	 * challenge
	 */
	public User secondFactor(String challenge, String code) {
		User user;
		try {
			user = this.mfaSignIn.complete(challenge, MfaSignIn.VERIFY, code, (signedIn, recoveryCodes) -> signedIn);
		}
		catch (ProblemException ex) {
			throw new BadCredentialsException(ex.getMessage());
		}
		if (user == null) {
			throw new BadCredentialsException(MfaSignIn.invalidCode().getMessage());
		}
		return user;
	}

}
