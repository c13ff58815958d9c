package io.strata.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.strata.platform.problem.ProblemException;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CallerTests {

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void readsTenantSubjectScopesAndRolesFromTheToken() {
		signIn(Map.of("tid", "t1", "sub", "u1", "scope", "things.read things.admin", "roles", List.of("member")));
		Caller caller = Caller.current();
		assertThat(caller.tenantId()).isEqualTo("t1");
		assertThat(caller.subject()).isEqualTo("u1");
		assertThat(caller.scopes()).containsExactlyInAnyOrder("things.read", "things.admin");
		assertThat(caller.hasRole("member")).isTrue();
		assertThat(caller.hasRole("admin")).isFalse();
		assertThat(caller.holdsOneOf(Set.of("things.write", "things.read"))).isTrue();
		assertThat(caller.holdsOneOf(Set.of("things.write"))).isFalse();
		assertThat(caller.owns("t1")).isTrue();
		assertThat(caller.owns("t2")).isFalse();
		assertThat(caller.owns(null)).isFalse();
	}

	@Test
	void anAdminHasTheRoleOrTheServicesAdminScope() {
		signIn(Map.of("tid", "t1", "sub", "u1", "scope", "things.admin"));
		assertThat(Caller.current().isAdmin("things.admin")).isTrue();
		assertThat(Caller.current().isAdmin("other.admin")).isFalse();
		assertThat(Caller.current().isPlatformAdmin("things.operate")).isFalse();
		signIn(Map.of("tid", "t1", "sub", "u1", "roles", List.of(Caller.ADMIN_ROLE)));
		assertThat(Caller.current().isAdmin("things.admin")).isTrue();
		assertThat(Caller.current().isPlatformAdmin("things.operate")).isFalse();
		signIn(Map.of("tid", "t1", "sub", "u1", "roles", List.of(Caller.PLATFORM_ADMIN_ROLE)));
		assertThat(Caller.current().isPlatformAdmin("things.operate")).isTrue();
		assertThat(Caller.current().isAdmin("things.admin")).isFalse();
	}

	@Test
	void aTokenWithoutTenantIsNoCaller() {
		signIn(Map.of("sub", "u1", "roles", List.of(Caller.ADMIN_ROLE)));
		assertThatExceptionOfType(ProblemException.class).isThrownBy(Caller::current)
			.satisfies((ex) -> assertThat(ex.type()).isEqualTo("no-tenant"));
	}

	@Test
	void withoutATokenThereIsNoAuthenticatedCaller() {
		assertThat(Caller.authenticated()).isEmpty();
		assertThatExceptionOfType(ProblemException.class).isThrownBy(Caller::current);
	}

	private static void signIn(Map<String, Object> claims) {
		Jwt jwt = new Jwt("token", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), claims);
		SecurityContextHolder.getContext()
			.setAuthentication(new JwtAuthenticationToken(jwt, new ClaimAuthorities().convert(jwt)));
	}

}
