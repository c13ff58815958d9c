package io.strata.identity.mfa;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MFA settings.
 *
 * @param issuerName the issuer authenticator apps show next to the account
 * @param challengeTtl how long the second step of a sign-in may wait
 * @param challengeAttempts wrong codes a challenge tolerates before it is spent (a
 * 6-digit code must not be guessable by retrying)
 */
@ConfigurationProperties("strata.identity.mfa")
public record MfaProperties(@DefaultValue("Strata") String issuerName, @DefaultValue("5m") Duration challengeTtl,
		@DefaultValue("5") int challengeAttempts) {

}
