package io.strata.identity.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Set;

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

/** A tenant admin's API keys. */
@RestController
@Tag(name = "api-keys")
class ApiKeyController {

	private final ApiKeys keys;

	ApiKeyController(ApiKeys keys) {
		this.keys = keys;
	}

	@Schema(description = "A new API key: its name, its scopes (at most the caller's) and when it expires.")
	record CreateApiKeyRequest(@Schema(example = "CI deploys") String name,
			@Schema(example = "[\"resources.read\"]") @Nullable List<String> scopes,
			@Schema(example = "2027-01-01T00:00:00Z") @Nullable Instant expiresAt) {

	}

	@Schema(name = "ApiKey", description = "An API key; its secret is never shown again after creation.")
	record ApiKeyView(@Schema(example = "key_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId,
			@Schema(example = "CI deploys") String name,
			@Schema(description = "The user the key acts as",
					example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String subject,
			@Schema(example = "[\"resources.read\"]") List<String> scopes,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2027-01-01T00:00:00Z") @Nullable String expiresAt,
			@Schema(format = "date-time", example = "2026-03-01T12:00:00Z") @Nullable String revokedAt) {

		static ApiKeyView of(ApiKey key) {
			return new ApiKeyView(key.id(), key.tenantId(), key.name(), key.subject(), key.scopes(),
					key.createdAt().toString(), (key.expiresAt() != null) ? key.expiresAt().toString() : null,
					(key.revokedAt() != null) ? key.revokedAt().toString() : null);
		}

	}

	@Schema(name = "CreatedApiKey", description = "A new API key with its secret, shown only in this answer.")
	record CreatedApiKeyView(@Schema(example = "key_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId,
			@Schema(example = "CI deploys") String name,
			@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String subject,
			@Schema(example = "[\"resources.read\"]") List<String> scopes,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2027-01-01T00:00:00Z") @Nullable String expiresAt,
			@Schema(format = "date-time") @Nullable String revokedAt,
			@Schema(description = "The secret to send as X-API-Key", example = "sk_live_2f9c...") String key) {

	}

	@PostMapping("/v2/api-keys")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createApiKey", summary = "Create an API key")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	CreatedApiKeyView create(@RequestBody CreateApiKeyRequest request) {
		Caller caller = Caller.current();
		ApiKeys.CreatedApiKey created = this.keys
			.create(new ApiKeys.CreateApiKey(caller.tenantId(), caller.subject(), caller.scopes(), request.name(),
					(request.scopes() != null) ? Set.copyOf(request.scopes()) : Set.of(), request.expiresAt()));
		ApiKeyView view = ApiKeyView.of(created.key());
		return new CreatedApiKeyView(view.id(), view.tenantId(), view.name(), view.subject(), view.scopes(),
				view.createdAt(), view.expiresAt(), view.revokedAt(), created.secret());
	}

	@GetMapping("/v2/api-keys")
	@Operation(operationId = "listApiKeys", summary = "List the tenant's API keys")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	Page<ApiKeyView> list() {
		Caller caller = Caller.current();
		return new Page<>(this.keys.list(caller.tenantId()).stream().map(ApiKeyView::of).toList(), null);
	}

	@DeleteMapping("/v2/api-keys/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	void revoke(@PathVariable String id) {
		Caller caller = Caller.current();
		this.keys.revoke(caller.tenantId(), caller.subject(), id);
	}

}
