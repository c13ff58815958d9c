package io.strata.platform.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ETagsTests {

	@Test
	void aVersionHasAStrongAndAWeakTag() {
		assertThat(ETags.of(3)).isEqualTo("\"3\"");
		assertThat(ETags.weak(3)).isEqualTo("W/\"3\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\"3\"", "W/\"3\"", " \"3\" ", "*", " * ", "\"2\", \"3\"", "\"1\",W/\"3\"" })
	void aMissingWildcardOrCurrentTagMatches(String ifMatch) {
		assertThat(ETags.matches(ifMatch, 3)).isTrue();
	}

	@Test
	void noHeaderMatches() {
		assertThat(ETags.matches(null, 3)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"2\"", "W/\"4\"", "\"2\", \"4\"", "\"33\"", "\"\"", "3", "W/3", "abc", "\"3", "\"03\"" })
	void aStaleOrNeverIssuedTagDoesNotMatch(String ifMatch) {
		assertThat(ETags.matches(ifMatch, 3)).isFalse();
	}

	@Test
	void aStaleTagIsAPreconditionFailedNamingTheCurrentTag() {
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> ETags.check("\"2\"", 3)).satisfies((ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED);
			assertThat(ex.getMessage()).contains("\"3\"");
		});
	}

	@Test
	void aMatchingOrMissingTagPasses() {
		assertThatNoException().isThrownBy(() -> ETags.check("W/\"3\"", 3));
		assertThatNoException().isThrownBy(() -> ETags.check(null, 3));
	}

}
