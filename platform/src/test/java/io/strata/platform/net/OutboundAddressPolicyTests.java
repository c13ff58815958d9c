package io.strata.platform.net;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.strata.platform.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OutboundAddressPolicyTests {

	final OutboundAddressPolicy strict = new OutboundAddressPolicy(new OutboundProperties(List.of(), false));

	@Test
	void refusesInternalTargets() {
		for (String url : List.of("http://127.0.0.1/hook", "http://169.254.169.254/latest/meta-data",
				"http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.4/", "http://[::1]/", "http://0.0.0.0/",
				"http://localhost/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "http://[fd00::1]/")) {
			assertThatExceptionOfType(ProblemException.class).as(url)
				.isThrownBy(() -> this.strict.checkUrl(url, "url"))
				.satisfies((ex) -> assertThat(ex.errors()).singleElement()
					.satisfies((error) -> assertThat(error.pointer()).isEqualTo("/url")));
		}
	}

	@Test
	void acceptsPublicAddressesAndRejectsOtherSchemes() throws Exception {
		assertThat(this.strict.isAllowed(InetAddress.getByName("93.184.216.34"))).isTrue();
		assertThat(this.strict.checkUrl("https://93.184.216.34/hook", "url").getHost()).isEqualTo("93.184.216.34");
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.strict.checkUrl("ftp://93.184.216.34/", "url"));
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> this.strict.checkUrl("http://user:pw@93.184.216.34/", "url"));
	}

	@Test
	void allowListAndHttpsOnlyAreOperatorSwitches() throws Exception {
		OutboundAddressPolicy development = new OutboundAddressPolicy(
				new OutboundProperties(List.of("127.0.0.0/8"), false));
		assertThat(development.checkUrl("http://127.0.0.1:9999/hook", "url").getPort()).isEqualTo(9999);
		assertThat(development.isAllowed(InetAddress.getByName("10.0.0.1"))).isFalse();

		OutboundAddressPolicy production = new OutboundAddressPolicy(new OutboundProperties(List.of(), true));
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> production.checkUrl("http://93.184.216.34/", "url"));
	}

	@Test
	void resolverRefusesRebindingAtConnectionTime() {
		GuardedDnsResolver resolver = new GuardedDnsResolver(this.strict);
		assertThatExceptionOfType(java.net.UnknownHostException.class).isThrownBy(() -> resolver.resolve("localhost"));
	}

}
