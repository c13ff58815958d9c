package io.strata.identity.login;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.strata.identity.client.OAuthClients;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

/**
 * Which app a browser sign-in is for: the {@code client_id} of the authorization request
 * the authorization server saved before it sent the browser to the login page. The app's
 * tenant is where the user is looked up; emails are unique per tenant only.
 */
@Component
class LoginClients {

	private final RequestCache requests = new HttpSessionRequestCache();

	private final RegisteredClientRepository clients;

	LoginClients(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	record App(String clientId, String name, String tenantId) {

	}

	Optional<App> of(HttpServletRequest request) {
		SavedRequest saved = this.requests.getRequest(request, null);
		String[] clientIds = (saved != null) ? saved.getParameterValues(OAuth2ParameterNames.CLIENT_ID) : null;
		if (clientIds == null || clientIds.length != 1) {
			return Optional.empty();
		}
		RegisteredClient client = this.clients.findByClientId(clientIds[0]);
		String tenantId = (client != null) ? client.getClientSettings().getSetting(OAuthClients.TENANT_SETTING) : null;
		return (tenantId != null) ? Optional.of(new App(client.getClientId(), client.getClientName(), tenantId))
				: Optional.empty();
	}

}
