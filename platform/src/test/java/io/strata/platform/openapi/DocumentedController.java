package io.strata.platform.openapi;

import java.time.Instant;

import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints shaped as the services' are, for the document's tests. */
@RestController
@Tag(name = "widgets")
class DocumentedController {

	@GetMapping("/v2/resources/{id}")
	@Operation(operationId = "getWidget")
	Widget get(@PathVariable String id) {
		return new Widget(id, "A widget", null, null, Instant.EPOCH);
	}

	@PatchMapping("/v2/resources/{id}")
	@Operation(operationId = "updateWidget")
	Widget update(@PathVariable String id, @RequestHeader(HttpHeaders.IF_MATCH) String ifMatch,
			@RequestBody NewWidget widget) {
		return new Widget(id, widget.displayName(), null, null, Instant.EPOCH);
	}

	@GetMapping("/v2/resources")
	@Operation(operationId = "listWidgets")
	Page<Widget> list(@RequestParam(name = "filter", required = false) String filter, PageRequest page,
			@RequestParam(name = "order_by", required = false) String orderBy) {
		return new Page<>(java.util.List.of(), null);
	}

	@PostMapping("/v2/auth/login")
	@Operation(operationId = "signInWidget")
	Widget signIn(@RequestBody NewWidget widget) {
		return new Widget("w", widget.displayName(), null, null, Instant.EPOCH);
	}

	record Widget(String id, String displayName, @Nullable String note, JsonNode attributes, Instant createdAt) {
	}

	record NewWidget(String displayName) {
	}

}
