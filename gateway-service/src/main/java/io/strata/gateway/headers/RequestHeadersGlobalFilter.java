package io.strata.gateway.headers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import io.strata.gateway.policy.Policy;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The request headers the edge owns, in one pass (one copy of the request's headers):
 * <ul>
 * <li>drops those only the platform may set ({@code X-Tenant-Id}, {@code X-Internal-*},
 * …), so that a client can never pose as another tenant or as an internal caller to a
 * service that trusts them;</li>
 * <li>gives every request an {@code X-Request-Id}, forwarded to the service and echoed to
 * the client. A client's own id is kept when it is short and plain (so it can correlate
 * its logs), replaced otherwise (it lands in logs: no injection).</li>
 * </ul>
 */
@Component
class RequestHeadersGlobalFilter implements GlobalFilter, Ordered {

	static final String REQUEST_ID = "X-Request-Id";

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	/** Case-insensitive: header names are compared without lower-casing copies. */
	private final Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

	private final List<String> prefixes;

	RequestHeadersGlobalFilter(EdgeHeadersProperties properties) {
		this.names.addAll(properties.internalHeaders());
		this.prefixes = List.copyOf(properties.internalHeaderPrefixes());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		List<String> internal = null;
		for (String name : headers.headerNames()) {
			if (isInternal(name)) {
				internal = (internal != null) ? internal : new ArrayList<>(2);
				internal.add(name);
			}
		}
		String given = headers.getFirst(REQUEST_ID);
		String requestId = (given != null && SAFE.matcher(given).matches()) ? given : newRequestId();
		exchange.getResponse().getHeaders().set(REQUEST_ID, requestId);
		List<String> dropped = internal;
		return chain.filter(exchange.mutate().request((request) -> request.headers((writable) -> {
			if (dropped != null) {
				dropped.forEach(writable::remove);
			}
			writable.set(REQUEST_ID, requestId);
		})).build());
	}

	/**
	 * A random (version 4) UUID from the thread's own generator. Not
	 * {@link UUID#randomUUID()}: its SecureRandom takes one JVM-wide lock (NativePRNG's)
	 * on every request of every event loop and reads {@code /dev/urandom} under it
	 * (BlockHound showed it in {@code NonBlockingEventLoopIntegrationTests}).
	 * Cryptographic randomness is not needed here: a request id must be unique, not
	 * unguessable, it authorises nothing.
	 */
	static String newRequestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	private boolean isInternal(String name) {
		if (this.names.contains(name)) {
			return true;
		}
		for (String prefix : this.prefixes) {
			if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return Policy.REQUEST_HEADERS.order();
	}

}
