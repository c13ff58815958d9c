package io.strata.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.strata.platform.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PageRequestsTests {

	@Test
	void sizeDefaultsToFiftyAndTakesOneToFiveHundred() {
		assertThat(PageRequests.size(null)).isEqualTo(50);
		assertThat(PageRequests.size(1)).isEqualTo(1);
		assertThat(PageRequests.size(500)).isEqualTo(500);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 501, Integer.MIN_VALUE })
	void sizeOutsideTheRangeIsInvalid(int size) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> PageRequests.size(size))
			.satisfies((ex) -> assertThat(ex.errors().get(0).pointer()).isEqualTo("/page_size"));
	}

	@Test
	void tokenRoundTripsItsPosition() {
		assertThat(PageRequests.position(PageRequests.token("usr_01J ü"))).isEqualTo("usr_01J ü");
		assertThat(PageRequest.of(null, PageRequests.token("42")).afterNumber()).isEqualTo(42L);
		assertThat(PageRequests.position(null)).isNull();
		assertThat(PageRequests.position("")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "!!!", "AA", "zzzzzzzzzzzz", "dXNyXzAx" })
	void tokenNotIssuedHereIsInvalid(String token) {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> PageRequests.position(token))
			.satisfies((ex) -> assertThat(ex.errors().get(0).pointer()).isEqualTo("/page_token"));
	}

	@Test
	void tokenWithNulOrForANumberListIsInvalid() {
		String plainBase64 = Base64.getUrlEncoder().encodeToString("a\0b".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> PageRequests.position(plainBase64));
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> PageRequests.position(PageRequests.token("a\0b")));
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> PageRequest.of(null, PageRequests.token("usr_1")).afterNumber());
	}

	@Test
	void orderByTakesOneKnownFieldWithDirection() {
		OrderBy fallback = new OrderBy("id", false);
		assertThat(OrderBy.parse(null, fallback, Set.of("id"))).isEqualTo(fallback);
		assertThat(OrderBy.parse(" id DESC ", fallback, Set.of("id"))).isEqualTo(new OrderBy("id", true));
		assertThat(OrderBy.parse("id desc", fallback, Set.of("id")).after()).isEqualTo("<");
		for (String invalid : new String[] { "email", "id sideways", "id, email", "id; DROP TABLE users" }) {
			assertThatExceptionOfType(ProblemException.class)
				.isThrownBy(() -> OrderBy.parse(invalid, fallback, Set.of("id")))
				.satisfies((ex) -> assertThat(ex.errors().get(0).pointer()).isEqualTo("/order_by"));
		}
	}

}
