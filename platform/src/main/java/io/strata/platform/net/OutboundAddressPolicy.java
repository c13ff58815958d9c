package io.strata.platform.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * Refuses outbound targets on private, loopback, link-local, multicast, unspecified and
 * cloud-metadata addresses (SSRF), unless an operator allow-listed them. Checked when a
 * URL is registered ({@link #checkUrl}) and again on every connection
 * ({@link GuardedDnsResolver}), so a name that later resolves to a private address (DNS
 * rebinding) is still refused.
 */
public class OutboundAddressPolicy {

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

	public boolean isAllowed(InetAddress address) {
		if (this.allowed.stream().anyMatch((cidr) -> cidr.contains(address))) {
			return true;
		}
		return !isInternal(address);
	}

	static boolean isInternal(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return first == 0 || (first == 100 && second >= 64 && second <= 127) // carrier-grade
																					// NAT
					|| (first == 198 && (second == 18 || second == 19)) // benchmarking
					|| first >= 240; // reserved, broadcast
		}
		if (address instanceof Inet6Address) {
			int first = b[0] & 0xff;
			if ((first & 0xfe) == 0xfc) {
				return true; // unique local fc00::/7
			}
			boolean v4Mapped = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]) && (b[10] & 0xff) == 0xff
					&& (b[11] & 0xff) == 0xff;
			if (v4Mapped) {
				try {
					return isInternal(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
				}
				catch (UnknownHostException ex) {
					return true;
				}
			}
		}
		return false;
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
