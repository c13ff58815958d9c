package io.strata.gateway.headers;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Header policy of the edge.
 *
 * @param internalHeaders request headers only the platform may set; a client's copy is
 * dropped. The {@code X-Forwarded-*} and {@code Forwarded} headers are among them: the
 * services trust the forwarded headers of the gateway (their
 * {@code server.forward-headers-strategy} is native), so the gateway writes them afresh
 * from what it saw itself (behind a load balancer, {@code STRATA_GATEWAY_FORWARD_HEADERS}
 * lets the gateway itself believe the balancer's)
 * @param internalHeaderPrefixes prefixes of such headers
 * @param noStorePaths paths whose answers carry credentials (token endpoints): always
 * {@code Cache-Control: no-store}
 * @param corsAllowedOrigins origins browsers may call the API from (none by default)
 */
@ConfigurationProperties("strata.gateway.headers")
public record EdgeHeadersProperties(@DefaultValue( {
		"X-Tenant-Id", "X-User-Id", "X-Caller-Id", "X-Client-Id", "X-Scopes", "X-Forwarded-User",
		"X-Authenticated-User", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Proto",
		"X-Forwarded-Prefix", "Forwarded" }) List<String> internalHeaders,
		@DefaultValue({ "X-Internal-", "X-Strata-" }) List<String> internalHeaderPrefixes,
		@DefaultValue({ "/oauth2/token", "/oauth2/revoke", "/v2/auth/**" }) List<String> noStorePaths,
		@DefaultValue List<String> corsAllowedOrigins){

}
