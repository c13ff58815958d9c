package io.strata.identity.apikey;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.identity.support.Caller;
import io.strata.identity.support.Pages;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A tenant admin's API keys. */
@RestController
class ApiKeyController {

	private final ApiKeys keys;

	ApiKeyController(ApiKeys keys) {
		this.keys = keys;
	}

	record CreateApiKeyRequest(String name, List<String> scopes, Instant expiresAt) {

	}

	@PostMapping("/v2/api-keys")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(@RequestBody CreateApiKeyRequest request) {
		Caller caller = Caller.admin();
		ApiKeys.CreatedApiKey created = this.keys
			.create(new ApiKeys.CreateApiKey(caller.tenantId(), caller.subject(), caller.scopes(), request.name(),
					(request.scopes() != null) ? Set.copyOf(request.scopes()) : Set.of(), request.expiresAt()));
		Map<String, Object> view = view(created.key());
		view.put("key", created.secret());
		return view;
	}

	@GetMapping("/v2/api-keys")
	Map<String, Object> list() {
		Caller caller = Caller.admin();
		return Pages.page(this.keys.list(caller.tenantId()).stream().map(ApiKeyController::view).toList(), null);
	}

	@DeleteMapping("/v2/api-keys/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable String id) {
		Caller caller = Caller.admin();
		this.keys.revoke(caller.tenantId(), caller.subject(), id);
	}

	static Map<String, Object> view(ApiKey key) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", key.id());
		view.put("tenant_id", key.tenantId());
		view.put("name", key.name());
		view.put("subject", key.subject());
		view.put("scopes", key.scopes());
		view.put("created_at", key.createdAt().toString());
		view.put("expires_at", (key.expiresAt() != null) ? key.expiresAt().toString() : null);
		view.put("revoked_at", (key.revokedAt() != null) ? key.revokedAt().toString() : null);
		return view;
	}

}
