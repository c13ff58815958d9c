package io.strata.identity.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one spelling of an address, and the skeleton look-alikes share. */
class EmailAddressesTests {

	@Test
	void caseAndCompatibilityFormsAreOneAddress() {
		assertThat(EmailAddresses.normalize(" Admin@EXAMPLE.com ")).hasValue("admin@example.com");
		// fullwidth letters and at sign (NFKC)
		assertThat(EmailAddresses.normalize("ａｄｍｉｎ＠example.com")).hasValue("admin@example.com");
	}

	@Test
	void domainsAreStoredInTheirAsciiForm() {
		assertThat(EmailAddresses.normalize("user@bücher.example")).hasValue("user@xn--bcher-kva.example");
		assertThat(EmailAddresses.normalize("user@BÜCHER.example")).hasValue("user@xn--bcher-kva.example");
		assertThat(EmailAddresses.normalize("user@xn--bcher-kva.example")).hasValue("user@xn--bcher-kva.example");
	}

	@Test
	void theLocalPartIsKeptButForItsCase() {
		assertThat(EmailAddresses.normalize("First.Last+Tag@example.com")).hasValue("first.last+tag@example.com");
	}

	@Test
	void whatIsNoAddressIsRefused() {
		assertThat(EmailAddresses.normalize(null)).isEmpty();
		assertThat(EmailAddresses.normalize("admin")).isEmpty();
		assertThat(EmailAddresses.normalize("admin@localhost")).isEmpty();
		assertThat(EmailAddresses.normalize("admin@-example.com")).isEmpty();
		assertThat(EmailAddresses.normalize("a@b.c".repeat(100))).isEmpty();
	}

	@Test
	void lookAlikesShareASkeleton() {
		String admin = EmailAddresses.skeleton("admin@example.com");
		// Cyrillic а (U+0430) in the local part, then in the domain
		assertThat(EmailAddresses.skeleton(EmailAddresses.normalize("\u0430dmin@example.com").orElseThrow()))
			.isEqualTo(admin);
		assertThat(EmailAddresses.skeleton(EmailAddresses.normalize("admin@ex\u0430mple.com").orElseThrow()))
			.isEqualTo(admin);
		assertThat(EmailAddresses.skeleton("admln@example.com")).isNotEqualTo(admin);
	}

	@Test
	void anAddressThatIsNoneIsLookedUpAsTyped() {
		assertThat(EmailAddresses.lookupKey(" Not An Address ")).isEqualTo("not an address");
		assertThat(EmailAddresses.lookupKey("Admin@Bücher.example")).isEqualTo("admin@xn--bcher-kva.example");
	}

}
