package io.strata.identity.scim;

import java.util.LinkedHashMap;
import java.util.Map;

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

/** A tenant admin's SCIM tokens, for the identity providers that provision the tenant. */
@RestController
class ScimTokenController {

	private final ScimTokens tokens;

	ScimTokenController(ScimTokens tokens) {
		this.tokens = tokens;
	}

	record CreateScimTokenRequest(String name) {

	}

	@PostMapping("/v2/scim-tokens")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(@RequestBody CreateScimTokenRequest request) {
		Caller caller = Caller.admin();
		ScimTokens.CreatedScimToken created = this.tokens.create(caller.tenantId(), caller.subject(), request.name());
		Map<String, Object> view = view(created.token());
		view.put("token", created.secret());
		return view;
	}

	@GetMapping("/v2/scim-tokens")
	Map<String, Object> list() {
		Caller caller = Caller.admin();
		return Pages.page(this.tokens.list(caller.tenantId()).stream().map(ScimTokenController::view).toList(), null);
	}

	@DeleteMapping("/v2/scim-tokens/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable String id) {
		Caller caller = Caller.admin();
		this.tokens.revoke(caller.tenantId(), caller.subject(), id);
	}

	static Map<String, Object> view(ScimToken token) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", token.id());
		view.put("tenant_id", token.tenantId());
		view.put("name", token.name());
		view.put("created_by", token.createdBy());
		view.put("created_at", token.createdAt().toString());
		view.put("revoked_at", (token.revokedAt() != null) ? token.revokedAt().toString() : null);
		return view;
	}

}
