package io.strata.platform.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.github.f4b6a3.ulid.Ulid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IdsTests {

	@Test
	void anIdIsItsKindAndTwentySixLowerCaseCharacters() {
		assertThat(Ids.newId("usr")).matches("usr_[0-9a-hjkmnp-tv-z]{26}");
		assertThat(Ids.newId("ep")).startsWith("ep_").hasSize(29);
	}

	@Test
	void idsMadeOneAfterTheOtherSortInThatOrderAsStrings() {
		List<String> made = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			made.add(Ids.newId("msg"));
		}
		assertThat(made).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void anIdStartsWithItsCreationMillisecond() {
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		String id = Ids.newId("det");
		Instant after = Instant.now();
		assertThat(Ulid.from(id.substring("det_".length())).getInstant()).isBetween(before, after);
	}

	@Test
	void aKindIsAShortLowerCaseWord() {
		assertThatIllegalArgumentException().isThrownBy(() -> Ids.newId("User"));
		assertThatIllegalArgumentException().isThrownBy(() -> Ids.newId(""));
		assertThatIllegalArgumentException().isThrownBy(() -> Ids.newId("a.b"));
		assertThatIllegalArgumentException().isThrownBy(() -> Ids.newId("waytoolongkind"));
		assertThatIllegalArgumentException().isThrownBy(() -> Ids.newId(null));
	}

	@Test
	void aRandomTokenIsThatManyBytesInBase64Url() {
		Set<String> tokens = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String token = Ids.randomToken(32);
			assertThat(token).matches("[A-Za-z0-9_-]{43}");
			assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
			tokens.add(token);
		}
		assertThat(tokens).hasSize(1000);
	}

}
