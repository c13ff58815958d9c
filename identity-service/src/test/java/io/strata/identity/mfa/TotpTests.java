package io.strata.identity.mfa;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written HOTP/TOTP against the RFCs' own test vectors. */
class TotpTests {

	private static final byte[] KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@Test
	void hotpMatchesRfc4226AppendixD() {
		String[] expected = { "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
				"520489" };
		for (int counter = 0; counter < expected.length; counter++) {
			assertThat(Totp.hotp(KEY, counter, 6)).isEqualTo(expected[counter]);
		}
	}

	@Test
	void totpMatchesRfc6238AppendixBForSha1() {
		assertThat(Totp.hotp(KEY, Totp.step(Instant.ofEpochSecond(59)), 8)).isEqualTo("94287082");
		assertThat(Totp.hotp(KEY, Totp.step(Instant.ofEpochSecond(1111111109)), 8)).isEqualTo("07081804");
		assertThat(Totp.hotp(KEY, Totp.step(Instant.ofEpochSecond(20000000000L)), 8)).isEqualTo("65353130");
	}

	@Test
	void acceptsOneStepEitherSideOnlyAndNeverAnAcceptedStepAgain() {
		Instant now = Instant.ofEpochSecond(1_700_000_000L);
		long step = Totp.step(now);
		assertThat(Totp.match(KEY, Totp.code(KEY, step - 1), now, -1)).hasValue(step - 1);
		assertThat(Totp.match(KEY, Totp.code(KEY, step + 1), now, -1)).hasValue(step + 1);
		assertThat(Totp.match(KEY, Totp.code(KEY, step + 2), now, -1)).isEmpty();
		assertThat(Totp.match(KEY, Totp.code(KEY, step - 2), now, -1)).isEmpty();
		assertThat(Totp.match(KEY, Totp.code(KEY, step), now, step)).isEmpty();
		assertThat(Totp.match(KEY, "12345", now, -1)).isEmpty();
		assertThat(Totp.match(KEY, "abcdef", now, -1)).isEmpty();
	}

}
