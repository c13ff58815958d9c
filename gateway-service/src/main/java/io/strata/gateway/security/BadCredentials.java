package io.strata.gateway.security;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.strata.gateway.tokenbucket.LocalTokenBuckets;
import io.strata.gateway.tokenbucket.Plan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Invalid tokens and API keys, per client address: a token bucket of failures. Once an
 * address has spent it, its requests that carry credentials are refused (429) before any
 * check, so a flood of forged keys costs neither a signature check nor a lookup at
 * identity. Held per gateway instance: the bound is per replica, which is enough to make
 * guessing pointless (keys carry 256 bits) and to protect identity.
 */
@Component
class BadCredentials {

	private final LocalTokenBuckets buckets = new LocalTokenBuckets();

	private final Plan plan;

	BadCredentials(Properties properties) {
		this.plan = new Plan(properties.burst(), properties.perSecond());
	}

	/** Counts a request whose credentials were refused. */
	void failed(ServerWebExchange exchange) {
		this.buckets.take(address(exchange), this.plan, 1);
	}

	/** How long this address must wait, or zero when it may present credentials. */
	Duration blockedFor(ServerWebExchange exchange) {
		// a read: no bucket for an address that never failed, no write for one that did
		return (this.buckets.available(address(exchange), this.plan) >= 1) ? Duration.ZERO
				: Duration.ofMillis((long) Math.ceil(1000 / this.plan.perSecond()));
	}

	private static String address(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	/**
	 * @param burst bad credentials an address may present at once
	 * @param perSecond how fast it earns them back
	 */
	@ConfigurationProperties("strata.gateway.auth.bad-credentials")
	record Properties(@DefaultValue("50") long burst, @DefaultValue("1") double perSecond) {

	}

}
