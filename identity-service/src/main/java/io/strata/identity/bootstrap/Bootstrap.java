package io.strata.identity.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.strata.identity.client.OAuthClients;
import io.strata.identity.config.IdentityProperties;
import io.strata.identity.role.Roles;
import io.strata.identity.tenant.CreatingTenants;
import io.strata.identity.user.EmailAddresses;
import io.strata.identity.user.ManagingUsers;
import io.strata.identity.user.User;
import io.strata.identity.user.Users;
import io.strata.platform.security.Caller;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the first tenant and its admin (roles {@code admin} and {@code platform-admin})
 * once. In development ({@code generate-credentials}) it also registers a client,
 * generates the password and secret and writes all of it to the credentials file (mode
 * 0600) for {@code ./strata credentials}; if that file is lost it issues a new password
 * and client. In production the admin's email and password come from configuration, and
 * nothing starts with a default password.
 */
@Component
class Bootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

	private static final String ACTOR = "bootstrap";

	private final IdentityProperties.Bootstrap settings;

	private final JdbcTemplate jdbc;

	private final TenantScope tenants;

	private final CreatingTenants creatingTenants;

	private final ManagingUsers managingUsers;

	private final Users users;

	private final OAuthClients clients;

	private final JsonMapper json;

	Bootstrap(IdentityProperties properties, JdbcTemplate jdbc, TenantScope tenants, CreatingTenants creatingTenants,
			ManagingUsers managingUsers, Users users, OAuthClients clients, JsonMapper json) {
		this.settings = properties.bootstrap();
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.creatingTenants = creatingTenants;
		this.managingUsers = managingUsers;
		this.users = users;
		this.clients = clients;
		this.json = json;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.settings.enabled()) {
			return;
		}
		if (this.settings.adminEmail() == null || this.settings.adminEmail().isBlank()) {
			log.info("No strata.identity.bootstrap.admin-email configured: no first admin is created");
			return;
		}
		if (this.settings.generateCredentials()) {
			developmentCredentials();
		}
		else {
			configuredAdmin();
		}
	}

	private void configuredAdmin() {
		if (this.settings.adminPassword() == null || this.settings.adminPassword().isBlank()) {
			throw new IllegalStateException("strata.identity.bootstrap.admin-email is set but admin-password is not:"
					+ " configure STRATA_BOOTSTRAP_ADMIN_PASSWORD from a secret");
		}
		if (findTenant() != null) {
			return;
		}
		String tenantId = createTenant();
		createAdmin(tenantId, this.settings.adminPassword());
		log.info("Created the first tenant {} and its admin {}", tenantId, this.settings.adminEmail());
	}

	private void developmentCredentials() {
		Path file = Path
			.of((this.settings.credentialsFile() != null) ? this.settings.credentialsFile() : "data/credentials.json");
		String tenantId = findTenant();
		if (tenantId != null && Files.isRegularFile(file) && tenantId.equals(readTenant(file))) {
			return;
		}
		String password = Ids.randomToken(18);
		if (tenantId == null) {
			tenantId = createTenant();
			createAdmin(tenantId, password);
		}
		else {
			resetAdmin(tenantId, password);
		}
		OAuthClients.ClientCredentials client = this.clients.register(
				new OAuthClients.RegisterClient(tenantId, ACTOR, "Development client", developmentClientScopes()));
		Map<String, Object> credentials = new LinkedHashMap<>();
		credentials.put("tenant_id", tenantId);
		credentials.put("admin_email", this.settings.adminEmail());
		credentials.put("admin_password", password);
		credentials.put("client_id", client.clientId());
		credentials.put("client_secret", client.clientSecret());
		write(file, this.json.writeValueAsString(credentials));
		log.info("Development tenant {}, admin {} and client {}: credentials in {}", tenantId,
				this.settings.adminEmail(), client.clientId(), file.toAbsolutePath());
	}

	private String findTenant() {
		// as the service: no tenant is known yet
		List<String> ids = this.jdbc.queryForList("SELECT id FROM tenants WHERE name = ? ORDER BY created_at LIMIT 1",
				String.class, this.settings.tenantName());
		return ids.isEmpty() ? null : ids.get(0);
	}

	private String createTenant() {
		return this.creatingTenants
			.create(new CreatingTenants.CreateTenant(this.settings.tenantName(), ACTOR, Roles.PLATFORM));
	}

	private User createAdmin(String tenantId, String password) {
		return this.managingUsers.create(new ManagingUsers.CreateUser(tenantId, ACTOR, this.settings.adminEmail(),
				password, List.of(Caller.ADMIN_ROLE, Caller.PLATFORM_ADMIN_ROLE)));
	}

	private void resetAdmin(String tenantId, String password) {
		String email = EmailAddresses.lookupKey(this.settings.adminEmail());
		User admin = this.tenants.call(tenantId, (status) -> this.users.findByEmail(email)).orElse(null);
		if (admin == null) {
			createAdmin(tenantId, password);
		}
		else {
			this.managingUsers.update(new ManagingUsers.UpdateUser(tenantId, ACTOR, admin.id(), null,
					List.of(Caller.ADMIN_ROLE, Caller.PLATFORM_ADMIN_ROLE), false, password));
		}
	}

	private String readTenant(Path file) {
		try {
			Object tenant = this.json.readValue(Files.readString(file), Map.class).get("tenant_id");
			return (tenant != null) ? tenant.toString() : null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	static void write(Path file, String content) {
		try {
			Path dir = file.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			Path temporary = Files.createTempFile(dir, "credentials", ".tmp");
			try {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the file keeps the platform's default
				// permissions
			}
			Files.writeString(temporary, content);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the credentials file " + file, ex);
		}
	}

	/** The development client may do everything the admin role may. */
	private static Set<String> developmentClientScopes() {
		return Set.copyOf(Roles.DEFAULTS.get(Caller.ADMIN_ROLE));
	}

}
