package io.strata.analytics.resource;

import java.util.LinkedHashMap;
import java.util.Map;

import io.strata.platform.tenant.TenantContext;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v2/resources}: the list and search side of the resource API. */
@RestController
class ResourceSearchController {

	private final SearchingResources searching;

	ResourceSearchController(SearchingResources searching) {
		this.searching = searching;
	}

	@GetMapping("/v2/resources")
	Map<String, Object> list(@RequestParam(required = false) String filter, @RequestParam(required = false) String q,
			@RequestParam(name = "order_by", required = false) String orderBy,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		SearchingResources.Page page = this.searching.search(TenantContext.requireTenant(),
				new SearchingResources.Query(filter, q, orderBy, pageSize, pageToken));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("items", page.items());
		body.put("next_page_token", page.nextPageToken());
		return body;
	}

}
