package io.strata.notification.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test DNS: names under {@code .strata.test} resolve to fixed addresses (a private one
 * among them), everything else through the JDK's own resolver. Installed through the
 * JDK's resolver SPI, so the code under test resolves exactly as in production.
 */
public class TestHostsResolverProvider extends InetAddressResolverProvider {

	/** Resolves to 10.20.30.40, a private address. */
	public static final String PRIVATE_HOST = "private.strata.test";

	private static final Map<String, byte[]> HOSTS = Map.of(PRIVATE_HOST, new byte[] { 10, 20, 30, 40 });

	@Override
	public InetAddressResolver get(Configuration configuration) {
		InetAddressResolver builtin = configuration.builtinResolver();
		return new InetAddressResolver() {

			@Override
			public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
				byte[] address = HOSTS.get(host);
				if (address != null) {
					return Stream.of(InetAddress.getByAddress(host, address));
				}
				return builtin.lookupByName(host, policy);
			}

			@Override
			public String lookupByAddress(byte[] address) throws UnknownHostException {
				return builtin.lookupByAddress(address);
			}

		};
	}

	@Override
	public String name() {
		return "strata-test-hosts";
	}

}
