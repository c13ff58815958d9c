package io.strata.gateway.versioning;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import reactor.core.publisher.Mono;

import io.strata.gateway.policy.Policy;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Routes marked deprecated in their metadata ({@code deprecated}: RFC 3339 instant,
 * {@code sunset}: RFC 3339 instant, {@code migration}: URL of the migration note) answer
 * with {@code Deprecation} (RFC 9745: {@code @<epoch seconds>}), {@code Sunset} (RFC
 * 8594: an HTTP date) and {@code Link: <note>; rel="deprecation"}. A global filter,
 * because every route may carry the marks.
 */
@Component
class DeprecationGlobalFilter implements GlobalFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route != null) {
			Map<String, Object> metadata = route.getMetadata();
			HttpHeaders headers = exchange.getResponse().getHeaders();
			Instant deprecated = instant(metadata.get("deprecated"));
			if (deprecated != null) {
				headers.set("Deprecation", "@" + deprecated.getEpochSecond());
			}
			Instant sunset = instant(metadata.get("sunset"));
			if (sunset != null) {
				headers.set("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME.format(sunset.atOffset(ZoneOffset.UTC)));
			}
			Object migration = metadata.get("migration");
			if (migration != null && (deprecated != null || sunset != null)) {
				headers.add(HttpHeaders.LINK, "<" + migration + ">; rel=\"deprecation\"; type=\"text/html\"");
			}
		}
		return chain.filter(exchange);
	}

	private static Instant instant(Object value) {
		if (value == null) {
			return null;
		}
		try {
			return Instant.parse(value.toString());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	@Override
	public int getOrder() {
		return Policy.DEPRECATION.order();
	}

}
