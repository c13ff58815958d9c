package io.strata.platform.net;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
			assertRefused(this.strict, url);
		}
	}

	// 169.254.169.254 (a9fe:a9fe) is the cloud metadata service; 93.184.216.34
	// (5db8:d822)
	// a public address. A Teredo client is stored with every bit flipped: 5601:5601 is
	// 169.254.169.254, a247:27dd is 93.184.216.34; 4136:e378 is a public Teredo server.
	@ParameterizedTest(name = "{1}: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			http://[::a9fe:a9fe]/                               | IPv4-compatible, metadata
			http://[::169.254.169.254]/                         | IPv4-compatible, metadata
			http://[::127.0.0.1]/                               | IPv4-compatible, loopback
			http://[::10.0.0.1]/                                | IPv4-compatible, private
			http://[::ffff:a9fe:a9fe]/                          | IPv4-mapped, metadata
			http://[::ffff:10.0.0.1]/                           | IPv4-mapped, private
			http://[::ffff:0:a9fe:a9fe]/                        | IPv4-translated (SIIT), metadata
			http://[64:ff9b::a9fe:a9fe]/                        | NAT64, metadata
			http://[64:ff9b::127.0.0.1]/                        | NAT64, loopback
			http://[64:ff9b::192.168.1.1]/                      | NAT64, private
			http://[64:ff9b:1::a9fe:a9fe]/                      | NAT64 local-use
			http://[64:ff9b:1:a9fe:a9:fe00::]/                  | NAT64 local-use, /48 layout
			http://[2002:a9fe:a9fe::1]/                         | 6to4, metadata
			http://[2002:7f00:1::1]/                            | 6to4, loopback
			http://[2002:ac10:0001::1]/                         | 6to4, private
			http://[2001:0:4136:e378:8000:63bf:5601:5601]/      | Teredo, metadata client
			http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/      | Teredo, loopback client
			http://[2001:0:a9fe:a9fe:8000:63bf:a247:27dd]/      | Teredo, metadata server
			http://[2001:0:a00:1:8000:63bf:a247:27dd]/          | Teredo, private server
			""")
	void refusesIPv6FormsThatEmbedAnInternalIPv4(String url, String form) {
		assertRefused(this.strict, url);
	}

	@ParameterizedTest(name = "{1}: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			http://[::]/                    | unspecified
			http://[::1]/                   | loopback
			http://[fc00::1]/               | unique local
			http://[fec0::1]/               | site-local
			http://[fe80::1]/               | link-local
			http://[fe80::1%eth0]/          | link-local with a zone id
			http://[fe80::1%25eth0]/        | link-local with an escaped zone id
			http://[fd00::1%1]/             | unique local with a zone id
			http://[ff02::1]/               | link-local multicast
			http://[ff0e::1]/               | global multicast
			http://[100::1]/                | discard-only
			http://[2001:db8::1]/           | documentation
			http://[3fff::1]/               | documentation
			http://[2001:2::1]/             | benchmarking
			http://[2001:10::1]/            | ORCHID
			http://[5f00::1]/               | SRv6 segment ids
			""")
	void refusesIPv6ThatIsNotGlobalUnicast(String url, String range) {
		assertRefused(this.strict, url);
	}

	// Java reads some of these as the metadata address, rejects others, and reads
	// 0177.0.0.1 as 177.0.0.1 where inet_aton reads 127.0.0.1: all are refused.
	@ParameterizedTest(name = "{1}: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			http://2852039166/              | decimal
			http://0xa9fea9fe/              | hexadecimal
			http://0xa9.0xfe.0xa9.0xfe/     | dotted hexadecimal
			http://0251.0376.0251.0376/     | dotted octal
			http://0177.0.0.1/              | octal first part
			http://017700000001/            | octal
			http://169.254.43518/           | three parts
			http://169.16689662/            | two parts
			http://127.1/                   | two parts, loopback
			http://192.0.0.170/             | IETF protocol assignments
			http://192.0.2.1/               | documentation
			http://198.51.100.1/            | documentation
			http://203.0.113.1/             | documentation
			http://198.18.0.1/              | benchmarking
			http://224.0.0.1/               | multicast
			http://255.255.255.255/         | broadcast
			""")
	void refusesIPv4InOtherNotationsAndRanges(String url, String notation) {
		assertRefused(this.strict, url);
	}

	@ParameterizedTest(name = "{1}: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			https://93.184.216.34/                               | IPv4
			https://[2606:2800:220:1:248:1893:25c8:1946]/        | global unicast
			https://[::ffff:93.184.216.34]/                      | IPv4-mapped
			https://[::5db8:d822]/                               | IPv4-compatible
			https://[64:ff9b::5db8:d822]/                        | NAT64
			https://[2002:5db8:d822::1]/                         | 6to4
			https://[2001:0:4136:e378:8000:63bf:a247:27dd]/      | Teredo
			""")
	void acceptsPublicAddressesInEveryForm(String url, String form) {
		assertThat(this.strict.checkUrl(url, "url")).hasToString(url);
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
	void allowListStillLetsTheDevelopmentLoopbackThrough() throws Exception {
		// what ./strata up configures (strata-platform.yml, profile "local")
		OutboundAddressPolicy development = new OutboundAddressPolicy(
				new OutboundProperties(List.of("127.0.0.0/8", "::1/128"), false));
		for (String url : List.of("http://127.0.0.1:8080/hook", "http://127.0.0.2/", "http://[::1]:8080/hook",
				"http://[::ffff:127.0.0.1]/", "http://localhost/")) {
			assertThat(development.checkUrl(url, "url")).as(url).isNotNull();
		}
		for (String url : List.of("http://[::a9fe:a9fe]/", "http://[64:ff9b::a9fe:a9fe]/",
				"http://[2002:a9fe:a9fe::1]/", "http://10.0.0.1/", "http://[fd00::1]/")) {
			assertRefused(development, url);
		}
	}

	@Test
	void resolverRefusesRebindingAtConnectionTime() {
		GuardedDnsResolver resolver = new GuardedDnsResolver(this.strict);
		assertThatExceptionOfType(java.net.UnknownHostException.class).isThrownBy(() -> resolver.resolve("localhost"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "::a9fe:a9fe", "[::a9fe:a9fe]", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1",
			"2001:0:4136:e378:8000:63bf:5601:5601", "2852039166", "169.254.43518" })
	void resolverRefusesTheSameAddressesAtConnectionTime(String host) {
		GuardedDnsResolver resolver = new GuardedDnsResolver(this.strict);
		assertThatExceptionOfType(java.net.UnknownHostException.class).isThrownBy(() -> resolver.resolve(host));
	}

	private static void assertRefused(OutboundAddressPolicy policy, String url) {
		assertThatExceptionOfType(ProblemException.class).as(url)
			.isThrownBy(() -> policy.checkUrl(url, "url"))
			.satisfies((ex) -> assertThat(ex.errors()).singleElement()
				.satisfies((error) -> assertThat(error.pointer()).isEqualTo("/url")));
	}

}
