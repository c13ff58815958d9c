package io.strata.analytics.resource;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v2/resources}: the list and search side of the resource API. */
@RestController
@Tag(name = "resources")
class ResourceSearchController {

	private final SearchingResources searching;

	private final JsonMapper json;

	ResourceSearchController(SearchingResources searching, JsonMapper json) {
		this.searching = searching;
		this.json = json;
	}

	@GetMapping("/v2/resources")
	@Operation(operationId = "listResources",
			summary = "List and search resources (AIP-160 filter; text query by keyword, meaning or both; order_by)")
	Page<ResourceView> list(@RequestParam(required = false) String filter,
			@Parameter(description = "Text to search for (the same as query)") @RequestParam(required = false) String q,
			@Parameter(description = "Text to search for: by its words (mode keyword), its meaning (semantic) "
					+ "or both fused by reciprocal rank (hybrid)") @RequestParam(required = false) String query,
			@Parameter(
					description = "keyword (default), semantic or hybrid; semantic and hybrid answer one "
							+ "page of the best matches by relevance, without order_by or page_token",
					schema = @Schema(allowableValues = { "keyword", "semantic", "hybrid" })) @RequestParam(
							required = false) String mode,
			@RequestParam(name = "order_by", required = false) String orderBy, PageRequest page) {
		if (q != null && query != null) {
			throw ProblemException.invalid("Give the text as query or as q, not both.",
					List.of(new FieldViolation("/q", "not allowed with query")));
		}
		SearchingResources.Page found = this.searching.search(TenantContext.requireTenant(),
				new SearchingResources.Query(filter, (query != null) ? query : q, orderBy, page, mode));
		return new Page<>(found.items().stream().map((item) -> ResourceView.of(item, this.json)).toList(),
				found.nextPageToken());
	}

}
