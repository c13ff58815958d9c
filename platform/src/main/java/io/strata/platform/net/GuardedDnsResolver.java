package io.strata.platform.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Apache HttpClient 5 resolver that applies the {@link OutboundAddressPolicy} on every
 * connection, after DNS: a host that resolved to a public address at registration and to
 * a private one now (DNS rebinding) is refused.
 */
public class GuardedDnsResolver extends SystemDefaultDnsResolver {

	private final OutboundAddressPolicy policy;

	public GuardedDnsResolver(OutboundAddressPolicy policy) {
		this.policy = policy;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] addresses = super.resolve(host);
		for (InetAddress address : addresses) {
			if (!this.policy.isAllowed(address)) {
				throw new UnknownHostException(
						host + " resolves to " + address.getHostAddress() + ", which outbound calls may not reach");
			}
		}
		return addresses;
	}

}
