package io.strata.analytics.rebuild;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v2/analytics/admin/rebuild}: the read model is platform-wide, so rebuilding it
 * (and watching a rebuild) needs the {@code platform-admin} role or the
 * {@code analytics.admin} scope; tenant users get 403.
 */
@RestController
@Tag(name = "index-rebuilds")
class RebuildController {

	private static final List<String> ADMIN = List.of("ROLE_platform-admin", "SCOPE_analytics.admin");

	private final RebuildingReadModel rebuilding;

	RebuildController(RebuildingReadModel rebuilding) {
		this.rebuilding = rebuilding;
	}

	@PostMapping("/v2/analytics/admin/rebuild")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "startIndexRebuild", summary = "Rebuild the resources read model from the event history")
	ResponseEntity<Rebuild.View> start() {
		requireAdmin();
		Rebuild.View operation = this.rebuilding.start().view();
		return ResponseEntity.accepted()
			.header("Location", "/v2/analytics/admin/rebuild/" + operation.id())
			.body(operation);
	}

	@GetMapping("/v2/analytics/admin/rebuild/{id}")
	@Operation(operationId = "getIndexRebuild", summary = "Get a rebuild of the read model and its progress")
	Rebuild.View get(@PathVariable String id) {
		requireAdmin();
		return this.rebuilding.find(id).orElseThrow(() -> ProblemException.notFound("rebuild operation", id)).view();
	}

	private static void requireAdmin() {
		TenantContext.requireTenant();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean admin = authentication != null && authentication.getAuthorities()
			.stream()
			.anyMatch((granted) -> ADMIN.contains(granted.getAuthority()));
		if (!admin) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"Rebuilding the read model needs the platform-admin role or the analytics.admin scope.");
		}
	}

}
