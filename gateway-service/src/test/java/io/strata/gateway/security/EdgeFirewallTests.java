package io.strata.gateway.security;

import java.util.function.Predicate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge firewall's header checks accept and refuse exactly what Spring Security's
 * default ones do.
 */
class EdgeFirewallTests {

	@Test
	void headerNamesAreJudgedAsSpringJudgesThemForEveryCodePoint() {
		assertSameForEveryCodePoint(EdgeFirewall.HEADER_NAMES, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
	}

	@Test
	void headerValuesAreJudgedAsSpringJudgesThemForEveryCodePoint() {
		assertSameForEveryCodePoint(EdgeFirewall.HEADER_VALUES, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "Bearer eyJhbGciOiJFUzI1NiJ9.e30.sig", "text/html; q=0.9", "a\tb", "x\u0000y",
			"line\r\nInjected: 1", "del\u007f", "c1\u0085", "emoji \uD83D\uDE00", "lone \uD800 surrogate",
			"\uDE00 low first", "unassigned \u0378", "private \uE000", "nbsp\u00a0é" })
	void stringsAreJudgedAsSpringJudgesThem(String text) {
		assertThat(EdgeFirewall.HEADER_NAMES.test(text)).as("name %s", text)
			.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(text));
		assertThat(EdgeFirewall.HEADER_VALUES.test(text)).as("value %s", text)
			.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(text));
	}

	@Test
	void anAbsentHeaderIsJudgedAsSpringJudgesIt() {
		assertThat(EdgeFirewall.HEADER_NAMES.test(null))
			.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(null));
		assertThat(EdgeFirewall.HEADER_VALUES.test(null))
			.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null));
	}

	@Test
	void controlCharactersAreRefused() {
		assertThat(EdgeFirewall.HEADER_VALUES.test("ok\r\nSet-Cookie: x")).isFalse();
		assertThat(EdgeFirewall.HEADER_NAMES.test("a\tb")).isFalse();
		assertThat(EdgeFirewall.HEADER_VALUES.test("a\tb")).isTrue();
	}

	private static void assertSameForEveryCodePoint(Predicate<String> ours, Predicate<String> spring) {
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String text = "a" + Character.toString(codePoint) + "b";
			if (ours.test(text) != spring.test(text)) {
				throw new AssertionError(
						"U+%04X: ours %s, Spring's %s".formatted(codePoint, ours.test(text), spring.test(text)));
			}
		}
	}

}
