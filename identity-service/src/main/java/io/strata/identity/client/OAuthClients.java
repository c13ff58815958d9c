package io.strata.identity.client;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.config.IdentityProperties;
import io.strata.identity.support.Ids;
import io.strata.identity.tenant.Roles;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * Registers back-end OAuth2 clients (client_credentials) for a tenant. The secret is
 * returned once and stored only as an Argon2id hash; the client's tenant travels in its
 * registration, so its tokens carry {@code tid}.
 */
@Component
public class OAuthClients {

	/** The client setting that names the client's tenant. */
	public static final String TENANT_SETTING = "settings.client.strata.tenant-id";

	private final RegisteredClientRepository registrations;

	private final PasswordEncoder passwords;

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final IdentityProperties properties;

	OAuthClients(RegisteredClientRepository registrations, PasswordEncoder passwords, TenantScope tenants,
			JdbcTemplate jdbc, AuditLog audit, IdentityProperties properties) {
		this.registrations = registrations;
		this.passwords = passwords;
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.audit = audit;
		this.properties = properties;
	}

	public record RegisterClient(String tenantId, String actor, String name, Set<String> scopes) {

	}

	/** A registered client and its secret, shown this once. */
	public record ClientCredentials(String clientId, String clientSecret, String name, Set<String> scopes,
			Instant createdAt) {

	}

	public ClientCredentials register(RegisterClient command) {
		Set<String> grantable = this.tenants.call(command.tenantId(),
				(status) -> new HashSet<>(Roles.scopesOfTenant(this.jdbc)));
		List<String> unknown = command.scopes().stream().filter((scope) -> !grantable.contains(scope)).toList();
		if (!unknown.isEmpty()) {
			throw ProblemException.invalid("Scopes the tenant's roles do not grant: " + unknown,
					List.of(new FieldViolation("/scopes", "unknown scopes " + unknown)));
		}
		String clientId = Ids.newId("cli");
		String secret = Ids.randomToken(32);
		Instant now = Instant.now();
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientIdIssuedAt(now)
			.clientSecret(this.passwords.encode(secret))
			.clientName(command.name())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes((scopes) -> scopes.addAll(command.scopes()))
			.clientSettings(ClientSettings.builder().setting(TENANT_SETTING, command.tenantId()).build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.accessTokenTimeToLive(this.properties.tokens().accessTokenTtl())
				.build())
			.build();
		this.registrations.save(client);
		this.tenants.run(command.tenantId(), (status) -> {
			this.jdbc.update("INSERT INTO oauth_clients (client_id, tenant_id, name, scopes) VALUES (?, ?, ?, ?)",
					clientId, command.tenantId(), command.name(), command.scopes().toArray(String[]::new));
			this.audit.append(command.tenantId(), command.actor(), "client.created", clientId,
					Map.of("name", command.name(), "scopes", List.copyOf(command.scopes())));
		});
		return new ClientCredentials(clientId, secret, command.name(), command.scopes(), now);
	}

}
