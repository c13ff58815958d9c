package io.strata.identity.client;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.strata.identity.support.Caller;
import io.strata.identity.support.Pages;
import io.strata.identity.tenant.Grants;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant admin's OAuth2 clients: back-end services ({@code service}) and apps that sign
 * users in through the browser ({@code public} or {@code confidential}). The secret, if
 * any, is in the creation answer only.
 */
@RestController
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

	record CreateClientRequest(String name, String type, List<String> redirectUris, List<String> scopes) {

	}

	@PostMapping("/v2/clients")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(@RequestBody CreateClientRequest request) {
		Caller caller = Caller.admin();
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
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("client_id", created.clientId());
		if (created.clientSecret() != null) {
			view.put("client_secret", created.clientSecret());
		}
		view.put("name", created.name());
		view.put("type", type);
		view.put("redirect_uris", (request.redirectUris() != null) ? request.redirectUris() : List.of());
		view.put("scopes", List.copyOf(created.scopes()));
		view.put("created_at", created.createdAt());
		return view;
	}

	@GetMapping("/v2/clients")
	Map<String, Object> list(@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		Caller caller = Caller.admin();
		int size = Pages.size(pageSize);
		List<OAuthClients.Client> page = this.clients.page(caller.tenantId(), Pages.after(pageToken), size + 1);
		return Pages.page(page, size, OAuthClients.Client::clientId, Function.identity());
	}

	@DeleteMapping("/v2/clients/{clientId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable String clientId) {
		Caller caller = Caller.admin();
		this.clients.delete(caller.tenantId(), caller.subject(), clientId);
	}

}
