package io.strata.identity.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity's settings.
 *
 * @param issuer the {@code iss} of every token and the base of the discovery documents:
 * the platform's public URL ({@code STRATA_PUBLIC_URL}), which every resource server
 * checks ({@code strata.security.issuer})
 * @param tokens token lifetimes and signing
 * @param keys signing-key rotation
 * @param throttle brute-force protection of the sign-in API
 * @param bootstrap the first tenant, admin and client
 * @param caches what each instance keeps in memory for the token endpoint
 */
@ConfigurationProperties("strata.identity")
public record IdentityProperties(String issuer, @DefaultValue Tokens tokens, @DefaultValue Keys keys,
		@DefaultValue Throttle throttle, @DefaultValue Bootstrap bootstrap, @DefaultValue Caches caches) {

	/**
	 * @param accessTokenTtl lifetime of access tokens (JWTs)
	 * @param refreshTokenTtl lifetime of first-party refresh tokens
	 * @param audience the {@code aud} of every access token: the platform's APIs, which
	 * every resource server checks ({@code strata.security.audiences})
	 */
	public record Tokens(@DefaultValue("5m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
			@DefaultValue("strata") String audience) {

	}

	/**
	 * @param algorithm ES256 (default: a signature costs a seventh of RS256's, and every
	 * verifier keeps the tokens it checked, so its dearer check is paid once per token),
	 * RS256 or EdDSA (Ed25519)
	 * @param rotationInterval how long a key signs before the next one takes over
	 * @param checkInterval how often each instance checks whether rotation is due and
	 * reloads the published keys
	 */
	public record Keys(@DefaultValue("ES256") String algorithm, @DefaultValue("24h") Duration rotationInterval,
			@DefaultValue("30s") Duration checkInterval) {

	}

	/**
	 * @param freeFailures failed sign-ins per account allowed before its lockout starts
	 * @param addressFreeFailures failed sign-ins per client address allowed within
	 * {@code addressWindow} (higher: many users may share an address); one more and the
	 * address waits until its oldest failure in the window is older than the window
	 * @param addressWindow the sliding window a client address's failures count in, so a
	 * shared (NAT) address is never locked for good by failures long past
	 * @param baseLockout account lockout after the first failure past the free ones; it
	 * doubles with every further failure
	 * @param maxLockout the longest account lockout
	 */
	public record Throttle(@DefaultValue("5") int freeFailures, @DefaultValue("20") int addressFreeFailures,
			@DefaultValue("15m") Duration addressWindow, @DefaultValue("1s") Duration baseLockout,
			@DefaultValue("15m") Duration maxLockout) {

	}

	/**
	 * @param enabled create the first tenant, admin and client on start when missing
	 * @param tenantName the first tenant's name
	 * @param adminEmail the first admin's email
	 * @param adminPassword the first admin's password; generated (and written to the
	 * credentials file) only when {@code generateCredentials} is on
	 * @param generateCredentials development only: generate the admin password and the
	 * client secret and write them to {@code credentialsFile}
	 * @param credentialsFile where generated credentials go (mode 0600)
	 */
	public record Bootstrap(@DefaultValue("false") boolean enabled, @DefaultValue("Development") String tenantName,
			String adminEmail, String adminPassword, @DefaultValue("false") boolean generateCredentials,
			String credentialsFile) {

	}

	/**
	 * What the token endpoint reads from memory instead of PostgreSQL. A change made on
	 * an instance (a client deleted or its secret re-encoded, a tenant suspended, resumed
	 * or deleted) drops the entry there at once, and PostgreSQL notifies every other
	 * instance of it ({@code io.strata.identity.cache}); if that notification is lost
	 * (the listening connection broke), an instance keeps a stale entry at most for the
	 * entry's lifetime.
	 *
	 * @param clientTtl how long a registered client is kept after it was read
	 * @param tenantStatusTtl how long a tenant's status is kept after it was read
	 * @param maximumSize entries per cache
	 */
	public record Caches(@DefaultValue("10s") Duration clientTtl, @DefaultValue("10s") Duration tenantStatusTtl,
			@DefaultValue("10000") long maximumSize) {

	}

}
