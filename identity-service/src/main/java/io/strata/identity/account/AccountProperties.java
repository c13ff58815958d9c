package io.strata.identity.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Invitations and password resets.
 *
 * @param invitationTtl how long an invitation can be accepted
 * @param passwordResetTtl how long a password-reset token works
 * @param resetRequestWindow the window public reset requests are counted in
 * @param resetRequestsPerAddress public reset requests one client address may make per
 * window before it gets 429 (many users may share an address)
 * @param resetRequestsPerEmail reset tokens one email may be sent per window; more are
 * silently dropped (the answer must stay 202), so nobody can flood a mailbox
 */
@ConfigurationProperties("strata.identity.accounts")
public record AccountProperties(@DefaultValue("72h") Duration invitationTtl,
		@DefaultValue("30m") Duration passwordResetTtl, @DefaultValue("15m") Duration resetRequestWindow,
		@DefaultValue("10") int resetRequestsPerAddress, @DefaultValue("3") int resetRequestsPerEmail) {

}
