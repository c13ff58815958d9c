package io.strata.gateway.headers;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Header policy of the edge.
 *
 * @param internalHeaders request headers only the platform may set; a client's copy is
 * dropped
 * @param internalHeaderPrefixes prefixes of such headers
 * @param noStorePaths paths whose answers carry credentials (token endpoints): always
 * {@code Cache-Control: no-store}
 * @param corsAllowedOrigins origins browsers may call the API from (none by default)
 */
@ConfigurationProperties("strata.gateway.headers")
public record EdgeHeadersProperties(@DefaultValue( {
		"X-Tenant-Id", "X-User-Id", "X-Caller-Id", "X-Client-Id", "X-Scopes", "X-Forwarded-User",
		"X-Authenticated-User" }) List<String> internalHeaders,
		@DefaultValue({ "X-Internal-", "X-Strata-" }) List<String> internalHeaderPrefixes,
		@DefaultValue({ "/oauth2/token", "/oauth2/revoke", "/v2/auth/**" }) List<String> noStorePaths,
		@DefaultValue List<String> corsAllowedOrigins){

}
