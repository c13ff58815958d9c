package io.strata.analytics.rebuild;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.PlatformAdmin;
import io.strata.platform.security.RouteScopes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

	private final RebuildingReadModel rebuilding;

	RebuildController(RebuildingReadModel rebuilding) {
		this.rebuilding = rebuilding;
	}

	@PostMapping("/v2/analytics/admin/rebuild")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "startIndexRebuild", summary = "Rebuild the resources read model from the event history")
	@PlatformAdmin(scope = RouteScopes.ANALYTICS_ADMIN)
	ResponseEntity<Rebuild.View> start() {
		Rebuild.View operation = this.rebuilding.start().view();
		return ResponseEntity.accepted()
			.header("Location", "/v2/analytics/admin/rebuild/" + operation.id())
			.body(operation);
	}

	@GetMapping("/v2/analytics/admin/rebuild/{id}")
	@Operation(operationId = "getIndexRebuild", summary = "Get a rebuild of the read model and its progress")
	@PlatformAdmin(scope = RouteScopes.ANALYTICS_ADMIN)
	Rebuild.View get(@PathVariable String id) {
		return this.rebuilding.find(id).orElseThrow(() -> ProblemException.notFound("rebuild operation", id)).view();
	}

}
