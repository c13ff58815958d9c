package io.strata.identity.client;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.strata.identity.role.Grants;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.security.TenantAdmin;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant admin's OAuth2 clients: back-end services ({@code service}) and apps that sign
 * users in through the browser ({@code public} or {@code confidential}). The secret, if
 * any, is in the creation answer only.
 */
@RestController
@Tag(name = "clients")
class ClientController {

	private static final int MAX_NAME_LENGTH = 200;

	private static final Set<String> OIDC_SCOPES = Set.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL,
			OidcScopes.ADDRESS, OidcScopes.PHONE, "offline_access");

	private final OAuthClients clients;

	private final Grants grants;

	ClientController(OAuthClients clients, Grants grants) {
		this.grants = grants;
		this.clients = clients;
	}

	@Schema(description = "A new OAuth2 client: a back-end service, or an app that signs users in through the browser.")
	record CreateClientRequest(@Schema(example = "Billing service") String name,
			@Schema(description = "service (the default), public or confidential",
					example = "service") @Nullable String type,
			@Schema(description = "Only for public and confidential clients",
					example = "[\"https://app.acme.example/callback\"]") @Nullable List<String> redirectUris,
			@Schema(example = "[\"resources.read\", \"resources.write\"]") List<String> scopes) {

	}

	@Schema(name = "CreatedClient",
			description = "A new OAuth2 client with its secret (none for a public client), shown only in this answer.")
	record CreatedClientView(@Schema(example = "cli_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String clientId,
			@Schema(description = "Absent for a public client",
					example = "cs_5f1d...") @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String clientSecret,
			@Schema(example = "Billing service") String name, @Schema(example = "service") String type,
			@Schema(example = "[]") List<String> redirectUris,
			@Schema(example = "[\"resources.read\", \"resources.write\"]") List<String> scopes,
			@Schema(example = "2026-01-15T09:30:00Z") Instant createdAt) {

	}

	@PostMapping("/v2/clients")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createClient", summary = "Register an OAuth2 client")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	CreatedClientView create(@RequestBody CreateClientRequest request) {
		Caller caller = Caller.current();
		if (request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME_LENGTH) {
			throw ProblemException.invalid("A client needs a name",
					List.of(new FieldViolation("/name", "1 to " + MAX_NAME_LENGTH + " characters")));
		}
		String type = (request.type() != null) ? request.type() : OAuthClients.SERVICE;
		Set<String> scopes = new LinkedHashSet<>((request.scopes() != null) ? request.scopes() : List.of());
		if (scopes.isEmpty()) {
			throw ProblemException.invalid("A client needs at least one scope",
					List.of(new FieldViolation("/scopes", "at least one scope")));
		}
		// the OpenID Connect scopes name claims about the signed-in user, not rights
		this.grants.requireScopes(caller, scopes.stream().filter((scope) -> !OIDC_SCOPES.contains(scope)).toList());
		OAuthClients.ClientCredentials created = switch (type) {
			case OAuthClients.SERVICE -> {
				if (request.redirectUris() != null && !request.redirectUris().isEmpty()) {
					throw ProblemException.invalid("A service client has no redirect URIs",
							List.of(new FieldViolation("/redirect_uris", "only for public or confidential clients")));
				}
				yield this.clients.register(
						new OAuthClients.RegisterClient(caller.tenantId(), caller.subject(), request.name(), scopes));
			}
			case OAuthClients.PUBLIC, OAuthClients.CONFIDENTIAL ->
				this.clients.registerApp(new OAuthClients.RegisterAppClient(caller.tenantId(), caller.subject(),
						request.name(), type, request.redirectUris(), scopes));
			default -> throw ProblemException.invalid("Unknown client type " + type,
					List.of(new FieldViolation("/type", "service, public or confidential")));
		};
		return new CreatedClientView(created.clientId(), created.clientSecret(), created.name(), type,
				(request.redirectUris() != null) ? request.redirectUris() : List.of(), List.copyOf(created.scopes()),
				created.createdAt());
	}

	@GetMapping("/v2/clients")
	@Operation(operationId = "listClients", summary = "List the tenant's OAuth2 clients")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	Page<OAuthClients.Client> list(PageRequest page) {
		Caller caller = Caller.current();
		List<OAuthClients.Client> rows = this.clients.page(caller.tenantId(), page.after(), page.limit());
		return page.page(rows, OAuthClients.Client::clientId);
	}

	@DeleteMapping("/v2/clients/{clientId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteClient", summary = "Delete an OAuth2 client")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	void delete(@PathVariable String clientId) {
		Caller caller = Caller.current();
		this.clients.delete(caller.tenantId(), caller.subject(), clientId);
	}

}
