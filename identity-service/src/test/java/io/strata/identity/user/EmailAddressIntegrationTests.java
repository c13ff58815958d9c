package io.strata.identity.user;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Addresses through the users API and the sign-in: one spelling whatever the caller's
 * (case, NFKC, IDNA), and look-alikes of a tenant's user refused.
 */
class EmailAddressIntegrationTests extends IdentityIntegrationTest {

	@AfterEach
	void forgetFailures() {
		this.jdbc.update("DELETE FROM login_throttle");
	}

	@Test
	void caseAndFullwidthSpellingsAreTheSameUser() {
		TestTenant tenant = newTenant();
		String local = "admin-" + UUID.randomUUID();
		Map<String, Object> user = createUser(tenant, capitalized(local) + "@EXAMPLE.com", List.of());
		assertThat(user).containsEntry("email", local + "@example.com");
		for (String again : List.of(local + "@example.com", fullwidth(local) + "@example.com")) {
			post(tenant, "/v2/users", Map.of("email", again, "password", PASSWORD, "roles", List.of())).expectStatus()
				.isEqualTo(409);
		}
		assertThat(
				claims(login(fullwidth(local).toUpperCase() + "@Example.COM", PASSWORD).get("access_token").toString())
					.getSubject())
			.isEqualTo(user.get("id"));
	}

	@Test
	void fullwidthLettersAreStoredAsTheLettersTheyAre() {
		TestTenant tenant = newTenant();
		String local = "user-" + UUID.randomUUID();
		assertThat(createUser(tenant, fullwidth(local) + "＠example.com", List.of())).containsEntry("email",
				local + "@example.com");
	}

	@Test
	void internationalDomainsAreStoredInAscii() {
		TestTenant tenant = newTenant();
		String local = "user-" + UUID.randomUUID();
		Map<String, Object> user = createUser(tenant, local + "@bücher.example", List.of());
		assertThat(user).containsEntry("email", local + "@xn--bcher-kva.example");
		assertThat(claims(login(local + "@BÜCHER.example", PASSWORD).get("access_token").toString()).getSubject())
			.isEqualTo(user.get("id"));
		assertThat(
				claims(login(local + "@xn--bcher-kva.example", PASSWORD).get("access_token").toString()).getSubject())
			.isEqualTo(user.get("id"));
	}

	@Test
	void anAddressThatLooksLikeAUsersIsAConflict() {
		TestTenant tenant = newTenant();
		String local = "dmin-" + UUID.randomUUID() + "@example.com";
		createUser(tenant, "a" + local, List.of());
		// Cyrillic а (U+0430)
		expectProblem(
				post(tenant, "/v2/users", Map.of("email", "\u0430" + local, "password", PASSWORD, "roles", List.of())),
				409, "email-confusable")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("looks like"));
		// another tenant's users are no concern of this one
		createUser(newTenant(), "\u0430" + local, List.of());
	}

	private static String capitalized(String local) {
		return Character.toUpperCase(local.charAt(0)) + local.substring(1);
	}

	/** The fullwidth forms (U+FF01..U+FF5E) of ASCII letters, digits and signs. */
	static String fullwidth(String ascii) {
		StringBuilder wide = new StringBuilder();
		ascii.chars().forEach((c) -> wide.append((c > ' ' && c < 0x7f) ? (char) (c - 0x21 + 0xFF01) : (char) c));
		return wide.toString();
	}

}
