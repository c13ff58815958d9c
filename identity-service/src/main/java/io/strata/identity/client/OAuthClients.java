package io.strata.identity.client;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.config.IdentityProperties;
import io.strata.identity.role.Roles;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers a tenant's OAuth2 clients: back-end services (client_credentials) and apps
 * (authorization code with PKCE, see {@link #registerApp}). A secret is returned once and
 * stored only as an Argon2id hash; the client's tenant travels in its registration, so
 * its tokens carry {@code tid}.
 */
@Component
public class OAuthClients {

	/** The client setting that names the client's tenant. */
	public static final String TENANT_SETTING = "settings.client.strata.tenant-id";

	/** A back-end client: client_credentials with a secret. */
	public static final String SERVICE = "service";

	/** An app client with a secret (a web server). */
	public static final String CONFIDENTIAL = "confidential";

	/** An app client without a secret (a browser or mobile app). */
	public static final String PUBLIC = "public";

	private final CachedClients registrations;

	private final PasswordEncoder passwords;

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final IdentityProperties properties;

	private final TransactionTemplate transactions;

	OAuthClients(CachedClients registrations, ClientSecrets secrets, TenantScope tenants, JdbcTemplate jdbc,
			AuditLog audit, IdentityProperties properties, TransactionTemplate transactions) {
		this.transactions = transactions;
		this.registrations = registrations;
		this.passwords = secrets.encoder();
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

	/** An app that signs users in with the authorization code flow and PKCE. */
	public record RegisterAppClient(String tenantId, String actor, String name, String type, List<String> redirectUris,
			Set<String> scopes) {

	}

	/**
	 * Registers an app client: authorization code (PKCE required, also for confidential
	 * clients, as OAuth 2.1 asks) and refresh tokens that rotate on every use.
	 * First-party apps of the tenant: no consent screen. A public client has no secret; a
	 * confidential one gets a secret, shown once.
	 */
	public ClientCredentials registerApp(RegisterAppClient command) {
		boolean publicClient = PUBLIC.equals(command.type());
		List<String> redirectUris = RedirectUris.validate(command.redirectUris(), publicClient);
		Set<String> grantable = this.tenants.call(command.tenantId(),
				(status) -> new HashSet<>(Roles.scopesOfTenant(this.jdbc)));
		// openid: the app may ask for an ID token as well
		grantable.add(OidcScopes.OPENID);
		List<String> unknown = command.scopes().stream().filter((scope) -> !grantable.contains(scope)).toList();
		if (!unknown.isEmpty()) {
			throw ProblemException.invalid("Scopes the tenant's roles do not grant: " + unknown,
					List.of(new FieldViolation("/scopes", "unknown scopes " + unknown)));
		}
		String clientId = Ids.newId("cli");
		String secret = publicClient ? null : Ids.randomToken(32);
		Instant now = Instant.now();
		RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientIdIssuedAt(now)
			.clientName(command.name())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris((uris) -> uris.addAll(redirectUris))
			.scopes((scopes) -> scopes.addAll(command.scopes()))
			.clientSettings(ClientSettings.builder()
				.requireProofKey(true)
				.requireAuthorizationConsent(false)
				.setting(TENANT_SETTING, command.tenantId())
				.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.accessTokenTimeToLive(this.properties.tokens().accessTokenTtl())
				.refreshTokenTimeToLive(this.properties.tokens().refreshTokenTtl())
				.reuseRefreshTokens(false)
				.build());
		if (publicClient) {
			client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		else {
			client.clientSecret(this.passwords.encode(secret))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		this.registrations.save(client.build());
		this.tenants.run(command.tenantId(), (status) -> {
			this.jdbc.update(
					"INSERT INTO oauth_clients (client_id, tenant_id, name, scopes, type, redirect_uris)"
							+ " VALUES (?, ?, ?, ?, ?, ?)",
					clientId, command.tenantId(), command.name(), command.scopes().toArray(String[]::new),
					command.type(), redirectUris.toArray(String[]::new));
			this.audit.append(command.tenantId(), command.actor(), "client.created", clientId,
					Map.of("name", command.name(), "type", command.type(), "scopes", List.copyOf(command.scopes()),
							"redirect_uris", redirectUris));
		});
		return new ClientCredentials(clientId, secret, command.name(), command.scopes(), now);
	}

	/** A client as its tenant's admins see it. */
	@Schema(description = "An OAuth2 client of the tenant.")
	public record Client(@Schema(example = "cli_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String clientId,
			@Schema(example = "Billing service") String name, @Schema(example = "service", allowableValues = {
					"service", "public", "confidential" }) String type,
			@Schema(example = "[]") List<String> redirectUris,
			@Schema(example = "[\"resources.read\"]") List<String> scopes,
			@Schema(example = "2026-01-15T09:30:00Z") Instant createdAt){

	}

	/** The tenant's clients after {@code afterClientId}, in client id order. */
	public List<Client> page(String tenantId, String afterClientId, int limit) {
		return this.tenants.call(tenantId, (status) -> this.jdbc.query(
				"SELECT * FROM oauth_clients WHERE (?::text IS NULL OR client_id > ?::text) ORDER BY client_id LIMIT ?",
				(rs, row) -> new Client(rs.getString("client_id"), rs.getString("name"), rs.getString("type"),
						List.of((String[]) rs.getArray("redirect_uris").getArray()),
						List.of((String[]) rs.getArray("scopes").getArray()),
						rs.getTimestamp("created_at").toInstant()),
				afterClientId, afterClientId, limit));
	}

	/**
	 * Removes a client: it can get no more tokens, and its stored authorizations (codes,
	 * refresh tokens) go with it. Another tenant's client is simply not found.
	 */
	public void delete(String tenantId, String actor, String clientId) {
		boolean owned = this.tenants.call(tenantId,
				(status) -> !this.jdbc
					.queryForList("SELECT 1 FROM oauth_clients WHERE client_id = ?", Integer.class, clientId)
					.isEmpty());
		if (!owned) {
			throw ProblemException.notFound("Client", clientId);
		}
		// the protocol side first, as the service: a crash before the tenant row goes
		// leaves a client that can do nothing, and deleting again finishes the job
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update("DELETE FROM oauth2_authorization WHERE registered_client_id IN"
					+ " (SELECT id FROM oauth2_registered_client WHERE client_id = ?)", clientId);
			this.jdbc.update("DELETE FROM oauth2_registered_client WHERE client_id = ?", clientId);
		});
		this.registrations.evict(clientId);
		this.tenants.run(tenantId, (status) -> {
			this.jdbc.update("DELETE FROM oauth_clients WHERE client_id = ?", clientId);
			this.audit.append(tenantId, actor, "client.deleted", clientId, Map.of());
		});
	}

}
