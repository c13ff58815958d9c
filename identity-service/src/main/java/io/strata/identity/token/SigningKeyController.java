package io.strata.identity.token;

import java.util.List;

import io.strata.platform.security.Caller;
import io.strata.platform.security.PlatformAdmin;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing keys are platform-wide, so these need the {@code platform-admin} role or the
 * {@code identity.keys} scope; {@code -} in the path stands for "the platform".
 */
@RestController
@Tag(name = "signing-keys")
class SigningKeyController {

	private final KeyRotation rotation;

	private final SigningKeyStore store;

	private final TransactionTemplate transactions;

	SigningKeyController(KeyRotation rotation, SigningKeyStore store, TransactionTemplate transactions) {
		this.rotation = rotation;
		this.store = store;
		this.transactions = transactions;
	}

	@Schema(name = "SigningKey",
			description = "A key that signs the platform's tokens; its public part is in the JWKS.")
	record SigningKeyView(@Schema(example = "k-2026-01-15-3f9a") String kid,
			@Schema(example = "RS256") String algorithm, @Schema(example = "current", allowableValues = {
					SigningKey.NEXT, SigningKey.CURRENT, SigningKey.PREVIOUS, SigningKey.RETIRED }) String state,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2026-01-16T09:30:00Z") @Nullable String activatedAt,
			@Schema(format = "date-time", example = "2026-02-15T09:30:00Z") @Nullable String demotedAt){

		static SigningKeyView of(SigningKey key) {
			return new SigningKeyView(key.kid(), key.algorithm(), key.state(), key.createdAt().toString(),
					(key.activatedAt() != null) ? key.activatedAt().toString() : null,
					(key.demotedAt() != null) ? key.demotedAt().toString() : null);
		}

	}

	/** Rotates now: the next key signs from here on, the current one becomes previous. */
	@PostMapping("/v2/tenants/-/signing-keys/rotate")
	@Operation(operationId = "rotateSigningKeys", summary = "Rotate the platform's signing keys now")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	SigningKeyView rotate() {
		Caller caller = Caller.current();
		return SigningKeyView.of(this.rotation.rotate(caller.tenantId(), caller.subject(), "on demand"));
	}

	@GetMapping("/v2/tenants/-/signing-keys")
	@Operation(operationId = "listSigningKeys", summary = "List the platform's signing keys")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	Page<SigningKeyView> list() {
		List<SigningKey> keys = this.transactions.execute((status) -> this.store.all());
		return new Page<>(keys.stream().map(SigningKeyView::of).toList(), null);
	}

}
