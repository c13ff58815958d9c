package io.strata.gateway.paths;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.strata.gateway.headers.EdgeHeadersProperties;
import io.strata.gateway.security.EdgeAuthProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path list matches exactly the requests Spring Security's own path matchers match, for
 * the edge's default public paths and no-store paths.
 */
class PathListTests {

	private static final List<String> PUBLIC = bind("strata.gateway.auth", EdgeAuthProperties.class).publicPaths();

	private static final List<String> NO_STORE = bind("strata.gateway.headers", EdgeHeadersProperties.class)
		.noStorePaths();

	private static final List<String> PATHS = List.of("/oauth2/token", "/oauth2/revoke", "/oauth2/jwks",
			"/.well-known/openid-configuration", "/v2/auth/login", "/v2/auth/login/", "/v2/auth/login/extra",
			"/v2/auth/refresh", "/v2/auth/mfa/verify", "/v2/auth/me", "/v2/invitations/accept", "/login", "/login/mfa",
			"/scim/v2/Users", "/docs", "/docs/openapi.json", "/graphiql", "/graphql", "/graphql/schema.graphqls",
			"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus", "/actuator/env", "/v2/resources",
			"/v2/resources/r-1", "/", "/OAUTH2/token", "/v2/auth/login;x=1", "/v2/auth/%6Cogin",
			"/docs/../v2/resources", "//v2/auth/login", "/v2/tenants/t-1/users");

	static Stream<Arguments> cases() {
		return Stream.of(PUBLIC, NO_STORE).flatMap((list) -> PATHS.stream().map((path) -> Arguments.of(list, path)));
	}

	@ParameterizedTest
	@MethodSource("cases")
	void matchesWhatSpringSecurityMatches(List<String> patterns, String path) {
		assertThat(PUBLIC).contains("/oauth2/**", "/v2/auth/login", "/actuator/health/**");
		assertThat(NO_STORE).contains("/oauth2/token", "/v2/auth/**");
		ServerWebExchangeMatcher spring = ServerWebExchangeMatchers.pathMatchers(patterns.toArray(String[]::new));
		PathList ours = new PathList(patterns);
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
		boolean expected = spring.matches(exchange).block().isMatch();

		assertThat(ours.contains(exchange)).as(path).isEqualTo(expected);
		assertThat(ours.matches(exchange).block().isMatch()).as(path).isEqualTo(expected);
		assertThat(ours.negated().matches(exchange).block().isMatch()).as(path).isEqualTo(!expected);
	}

	private static <T> T bind(String prefix, Class<T> type) {
		return new Binder(ConfigurationPropertySources.from(new StandardEnvironment().getPropertySources()))
			.bindOrCreate(prefix, type);
	}

}
