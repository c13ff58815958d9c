package io.strata.identity.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.client.OAuthClients;
import io.strata.identity.config.IdentityProperties;
import io.strata.identity.tenant.CreatingTenants;
import io.strata.identity.user.ManagingUsers;
import io.strata.identity.user.Users;
import io.strata.platform.tenant.TenantScope;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The development bootstrap that ./strata up relies on: a tenant, an admin and a client
 * created once, their credentials in a 0600 file; and the production rule that the first
 * admin never gets a default password.
 */
class BootstrapIntegrationTests extends IdentityIntegrationTest {

	static final TypeReference<Map<String, Object>> JSON_MAP = new TypeReference<>() {
	};

	static final Path CREDENTIALS = tempDir().resolve("data/credentials.json");

	@DynamicPropertySource
	static void bootstrap(DynamicPropertyRegistry registry) {
		registry.add("strata.identity.bootstrap.enabled", () -> "true");
		registry.add("strata.identity.bootstrap.tenant-name", () -> "Development");
		registry.add("strata.identity.bootstrap.admin-email", () -> "admin@strata.local");
		registry.add("strata.identity.bootstrap.generate-credentials", () -> "true");
		registry.add("strata.identity.bootstrap.credentials-file", CREDENTIALS::toString);
	}

	@Autowired
	Bootstrap bootstrap;

	@Autowired
	JsonMapper json;

	@Test
	void startupWritesWorkingCredentialsOnceWithOwnerOnlyPermissions() throws Exception {
		assertThat(Files.getPosixFilePermissions(CREDENTIALS)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		Map<String, Object> credentials = this.json.readValue(Files.readString(CREDENTIALS), JSON_MAP);
		assertThat(credentials.keySet()).containsExactly("tenant_id", "admin_email", "admin_password", "client_id",
				"client_secret");

		Map<String, Object> tokens = login(credentials.get("admin_email").toString(),
				credentials.get("admin_password").toString());
		assertThat(claims(tokens.get("access_token").toString()).getStringListClaim("roles"))
			.containsExactlyInAnyOrder("admin", "platform-admin");
		String clientToken = clientCredentials(credentials.get("client_id").toString(),
				credentials.get("client_secret").toString(), "identity.admin")
			.get("access_token")
			.toString();
		assertThat(claims(clientToken).getStringClaim("tid")).isEqualTo(credentials.get("tenant_id"));
		this.client.get()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + clientToken)
			.exchange()
			.expectStatus()
			.isOk();

		// a restart changes nothing
		String before = Files.readString(CREDENTIALS);
		this.bootstrap.run(null);
		assertThat(Files.readString(CREDENTIALS)).isEqualTo(before);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tenants WHERE name = 'Development'", Long.class))
			.isOne();
	}

	@Test
	void aLostCredentialsFileIsReissuedForTheSameTenant() throws Exception {
		Map<?, ?> before = this.json.readValue(Files.readString(CREDENTIALS), Map.class);
		Files.delete(CREDENTIALS);
		this.bootstrap.run(null);
		Map<?, ?> after = this.json.readValue(Files.readString(CREDENTIALS), Map.class);
		assertThat(after.get("tenant_id")).isEqualTo(before.get("tenant_id"));
		assertThat(after.get("admin_password")).isNotEqualTo(before.get("admin_password"));
		login(after.get("admin_email").toString(), after.get("admin_password").toString());
		this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", before.get("admin_email"), "password", before.get("admin_password")))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.jdbc.update("DELETE FROM login_throttle");
	}

	@Test
	void productionNeverStartsTheFirstAdminWithoutAConfiguredPassword(@Autowired TenantScope tenants,
			@Autowired CreatingTenants creating, @Autowired ManagingUsers managing, @Autowired Users users,
			@Autowired OAuthClients clients) {
		IdentityProperties properties = new IdentityProperties("http://127.0.0.1:8081", null, null, null,
				new IdentityProperties.Bootstrap(true, "Production", "root@example.com", "", false, null), null);
		Bootstrap production = new Bootstrap(properties, this.jdbc, tenants, creating, managing, users, clients,
				this.json);
		assertThatIllegalStateException().isThrownBy(() -> production.run(null))
			.withMessageContaining("admin-password");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tenants WHERE name = 'Production'", Long.class))
			.isZero();
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("strata-bootstrap");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
