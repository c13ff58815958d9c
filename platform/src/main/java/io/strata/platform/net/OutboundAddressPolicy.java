package io.strata.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * Refuses outbound targets on private, loopback, link-local, multicast, unspecified,
 * cloud-metadata and other not globally reachable addresses (SSRF), unless an operator
 * allow-listed them. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64,
 * 6to4, Teredo) are judged by that IPv4 address, as that is what the packet reaches.
 * Checked when a URL is registered ({@link #checkUrl}) and again on every connection
 * ({@link GuardedDnsResolver}), so a name that later resolves to a private address (DNS
 * rebinding) is still refused.
 */
public class OutboundAddressPolicy {

	private static final IPAddress GLOBAL_UNICAST = new IPAddressString("2000::/3").getAddress();

	/**
	 * Special-purpose blocks that are not globally reachable (IANA registries), beyond
	 * what {@link IPAddress} names: this network, carrier-grade NAT, IETF protocol
	 * assignments, documentation, benchmarking, reserved and broadcast; on IPv6 the
	 * protocol assignments (Teredo among them is judged by its IPv4 addresses),
	 * documentation and SRv6 segment ids.
	 */
	private static final List<IPAddress> NOT_GLOBAL = blocks("0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24",
			"192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "2001::/23",
			"2001:db8::/32", "3fff::/20", "5f00::/16");

	private final List<Cidr> allowed;

	private final boolean httpsOnly;

	public OutboundAddressPolicy(OutboundProperties properties) {
		this.allowed = properties.allow().stream().map(Cidr::parse).toList();
		this.httpsOnly = properties.httpsOnly();
	}

	/**
	 * Validates a URL a caller gives us; a 400 problem (pointer {@code field}) when it
	 * may not be called.
	 */
	public URI checkUrl(String url, String field) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, "is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(scheme.equals("http") && !this.httpsOnly)) {
			throw invalid(field, this.httpsOnly ? "must be an https:// URL" : "must be an http:// or https:// URL");
		}
		if (uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw invalid(field, "must name a host and carry no credentials");
		}
		if (!isCanonicalIfIPv4(uri.getHost())) {
			throw invalid(field, "must write an IPv4 address as four decimal numbers");
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
				if (!isAllowed(address)) {
					throw invalid(field, "resolves to a private, loopback, link-local or metadata address ("
							+ address.getHostAddress() + "), which is not allowed");
				}
			}
		}
		catch (UnknownHostException ex) {
			throw invalid(field, "names a host that does not resolve");
		}
		return uri;
	}

	/**
	 * Java reads {@code 0177.0.0.1} as 177.0.0.1 where inet_aton (and so curl and many
	 * other clients) reads 127.0.0.1: a stored URL should mean one address to every
	 * reader.
	 */
	private static boolean isCanonicalIfIPv4(String host) {
		IPAddress literal = new IPAddressString(host).getAddress();
		return literal == null || !literal.isIPv4() || literal.toCanonicalString().equals(host);
	}

	public boolean isAllowed(InetAddress address) {
		if (this.allowed.stream().anyMatch((cidr) -> cidr.contains(address))) {
			return true;
		}
		return !isInternal(address);
	}

	static boolean isInternal(InetAddress address) {
		return isInternal((address instanceof Inet6Address ipv6) ? new IPv6Address(ipv6).removeZone()
				: new IPv4Address((Inet4Address) address));
	}

	private static boolean isInternal(IPAddress address) {
		if (address.isAnyLocal() || address.isLoopback() || address.isLinkLocal() || address.isMulticast()) {
			return true;
		}
		if (address instanceof IPv6Address ipv6) {
			List<IPv4Address> embedded = embeddedIPv4(ipv6);
			if (!embedded.isEmpty()) {
				return embedded.stream().anyMatch(OutboundAddressPolicy::isInternal);
			}
			// outside 2000::/3 lies no public unicast: unique local fc00::/7, site-local
			// fec0::/10, NAT64 local-use 64:ff9b:1::/48, discard-only 100::/64
			if (!GLOBAL_UNICAST.contains(ipv6)) {
				return true;
			}
		}
		else if (address.toIPv4().isPrivate()) {
			return true;
		}
		return NOT_GLOBAL.stream().anyMatch((block) -> block.contains(address));
	}

	/**
	 * The IPv4 addresses that a packet to {@code address} reaches when the address is one
	 * of the forms that carry one: the IPv4 address is what decides.
	 */
	private static List<IPv4Address> embeddedIPv4(IPv6Address address) {
		if (address.isIPv4Mapped() || address.isIPv4Compatible() || address.isIPv4Translatable()
				|| address.isWellKnownIPv4Translatable()) {
			return List.of(address.getEmbeddedIPv4Address());
		}
		if (address.is6To4()) {
			return List.of(address.get6To4IPv4Address());
		}
		if (address.isTeredo()) {
			// the server in bits 32-63; the client in the last 32, every bit flipped
			return List.of(address.getEmbeddedIPv4Address(4),
					new IPv4Address(~address.getEmbeddedIPv4Address().intValue()));
		}
		return List.of();
	}

	private static List<IPAddress> blocks(String... cidrs) {
		return Arrays.stream(cidrs).map((cidr) -> new IPAddressString(cidr).getAddress()).toList();
	}

	private static ProblemException invalid(String field, String message) {
		return ProblemException.invalid("The URL cannot be used as an outbound target.",
				List.of(new FieldViolation("/" + field, message)));
	}

	record Cidr(byte[] network, int prefix) {

		static Cidr parse(String value) {
			String[] parts = value.trim().split("/");
			try {
				byte[] network = InetAddress.getByName(parts[0]).getAddress();
				int prefix = (parts.length > 1) ? Integer.parseInt(parts[1]) : network.length * 8;
				return new Cidr(network, prefix);
			}
			catch (UnknownHostException | NumberFormatException ex) {
				throw new IllegalArgumentException("strata.outbound.allow: not a CIDR block: " + value, ex);
			}
		}

		boolean contains(InetAddress address) {
			byte[] candidate = address.getAddress();
			if (candidate.length != this.network.length) {
				return false;
			}
			for (int bit = 0; bit < this.prefix; bit++) {
				int mask = 0x80 >> (bit % 8);
				if ((candidate[bit / 8] & mask) != (this.network[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

	}

}
