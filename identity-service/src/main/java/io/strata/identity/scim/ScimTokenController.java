package io.strata.identity.scim;

import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.security.TenantAdmin;
import io.strata.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

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
@Tag(name = "scim-tokens")
class ScimTokenController {

	private final ScimTokens tokens;

	ScimTokenController(ScimTokens tokens) {
		this.tokens = tokens;
	}

	@Schema(description = "A new SCIM token, named after the identity provider that will use it.")
	record CreateScimTokenRequest(@Schema(example = "Okta") String name) {

	}

	@Schema(name = "ScimToken", description = "A SCIM token; its secret is never shown again after creation.")
	record ScimTokenView(@Schema(example = "sct_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId, @Schema(example = "Okta") String name,
			@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String createdBy,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2026-03-01T12:00:00Z") @Nullable String revokedAt) {

		static ScimTokenView of(ScimToken token) {
			return new ScimTokenView(token.id(), token.tenantId(), token.name(), token.createdBy(),
					token.createdAt().toString(), (token.revokedAt() != null) ? token.revokedAt().toString() : null);
		}

	}

	@Schema(name = "CreatedScimToken", description = "A new SCIM token with its secret, shown only in this answer.")
	record CreatedScimTokenView(@Schema(example = "sct_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId, @Schema(example = "Okta") String name,
			@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String createdBy,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time") @Nullable String revokedAt,
			@Schema(description = "The bearer token the identity provider sends",
					example = "scim_7b1e...") String token) {

	}

	@PostMapping("/v2/scim-tokens")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createScimToken", summary = "Create a SCIM token")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	CreatedScimTokenView create(@RequestBody CreateScimTokenRequest request) {
		Caller caller = Caller.current();
		ScimTokens.CreatedScimToken created = this.tokens.create(caller.tenantId(), caller.subject(), request.name());
		ScimTokenView view = ScimTokenView.of(created.token());
		return new CreatedScimTokenView(view.id(), view.tenantId(), view.name(), view.createdBy(), view.createdAt(),
				view.revokedAt(), created.secret());
	}

	@GetMapping("/v2/scim-tokens")
	@Operation(operationId = "listScimTokens", summary = "List the tenant's SCIM tokens")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	Page<ScimTokenView> list() {
		Caller caller = Caller.current();
		return new Page<>(this.tokens.list(caller.tenantId()).stream().map(ScimTokenView::of).toList(), null);
	}

	@DeleteMapping("/v2/scim-tokens/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "revokeScimToken", summary = "Revoke a SCIM token")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	void revoke(@PathVariable String id) {
		Caller caller = Caller.current();
		this.tokens.revoke(caller.tenantId(), caller.subject(), id);
	}

}
