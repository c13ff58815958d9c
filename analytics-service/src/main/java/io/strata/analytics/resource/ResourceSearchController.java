package io.strata.analytics.resource;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.Page;

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
			summary = "List and search resources (AIP-160 filter, full text q, order_by)")
	Page<ResourceView> list(@RequestParam(required = false) String filter, @RequestParam(required = false) String q,
			@RequestParam(name = "order_by", required = false) String orderBy,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		SearchingResources.Page page = this.searching.search(TenantContext.requireTenant(),
				new SearchingResources.Query(filter, q, orderBy, Page.size(pageSize), pageToken));
		return new Page<>(page.items().stream().map((item) -> ResourceView.of(item, this.json)).toList(),
				page.nextPageToken());
	}

}
