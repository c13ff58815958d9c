package io.strata.identity.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.strata.identity.support.Caller;
import io.strata.identity.support.Pages;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing keys are platform-wide, so these need the {@code platform-admin} role or the
 * {@code identity.keys} scope; {@code -} in the path stands for "the platform".
 */
@RestController
class SigningKeyController {

	private final KeyRotation rotation;

	private final SigningKeyStore store;

	private final TransactionTemplate transactions;

	SigningKeyController(KeyRotation rotation, SigningKeyStore store, TransactionTemplate transactions) {
		this.rotation = rotation;
		this.store = store;
		this.transactions = transactions;
	}

	/** Rotates now: the next key signs from here on, the current one becomes previous. */
	@PostMapping("/v2/tenants/-/signing-keys/rotate")
	Map<String, Object> rotate() {
		Caller caller = Caller.platformAdmin();
		return view(this.rotation.rotate(caller.tenantId(), caller.subject(), "on demand"));
	}

	@GetMapping("/v2/tenants/-/signing-keys")
	Map<String, Object> list() {
		Caller.platformAdmin();
		List<SigningKey> keys = this.transactions.execute((status) -> this.store.all());
		return Pages.page(keys.stream().map(SigningKeyController::view).toList(), null);
	}

	private static Map<String, Object> view(SigningKey key) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("kid", key.kid());
		view.put("algorithm", key.algorithm());
		view.put("state", key.state());
		view.put("created_at", key.createdAt().toString());
		view.put("activated_at", (key.activatedAt() != null) ? key.activatedAt().toString() : null);
		view.put("demoted_at", (key.demotedAt() != null) ? key.demotedAt().toString() : null);
		return view;
	}

}
