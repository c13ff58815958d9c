package io.strata.identity.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.config.IdentityProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The client address's sliding window, against PostgreSQL, on a clock the test moves
 * (defaults: 20 free failures per 15 minutes).
 */
class LoginThrottleIntegrationTests extends IdentityIntegrationTest {

	private static final Duration WINDOW = Duration.ofMinutes(15);

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private IdentityProperties properties;

	private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private LoginThrottle throttle;

	private final String address = "203.0.113." + UUID.randomUUID();

	@BeforeEach
	void throttle() {
		this.throttle = new LoginThrottle(this.jdbc, this.transactions, this.properties, this.clock);
	}

	@Test
	void withinTheWindowTheAddressLimitHolds() {
		failFromAddress(20);
		assertThatNoException().isThrownBy(this::checkAddress);
		failFromAddress(1);
		this.clock.advance(WINDOW.minusMinutes(1));
		assertThatExceptionOfType(LoginThrottle.LockedOut.class).isThrownBy(this::checkAddress)
			.satisfies((locked) -> assertThat(locked.retryAfter()).isBetween(Duration.ofSeconds(60),
					Duration.ofSeconds(61)));
	}

	@Test
	void onceTheWindowPassesTheAddressTriesAgain() {
		failFromAddress(21);
		assertThatExceptionOfType(LoginThrottle.LockedOut.class).isThrownBy(this::checkAddress);
		this.clock.advance(WINDOW.plusSeconds(1));
		assertThatNoException().isThrownBy(this::checkAddress);
	}

	@Test
	void failuresLongPastDoNotAddUp() {
		// a shared address that fails now and then is never locked for good
		for (int day = 0; day < 3; day++) {
			failFromAddress(20);
			assertThatNoException().isThrownBy(this::checkAddress);
			this.clock.advance(WINDOW.plusSeconds(1));
		}
	}

	@Test
	void theWindowSlidesFailureByFailure() {
		failFromAddress(11);
		this.clock.advance(Duration.ofMinutes(10));
		failFromAddress(10);
		assertThatExceptionOfType(LoginThrottle.LockedOut.class).isThrownBy(this::checkAddress);
		// the first eleven age out; the ten later ones are within the limit
		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
		assertThatNoException().isThrownBy(this::checkAddress);
		failFromAddress(11);
		assertThatExceptionOfType(LoginThrottle.LockedOut.class).isThrownBy(this::checkAddress);
	}

	private void failFromAddress(int times) {
		for (int i = 0; i < times; i++) {
			// a different account each time, as a password-spraying client would
			this.throttle.failed(LoginThrottle.keys(uniqueEmail(), this.address));
		}
	}

	private void checkAddress() {
		this.throttle.check(LoginThrottle.keys(uniqueEmail(), this.address));
	}

	private static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
