package io.strata.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.ml.MlIntegrationTest;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.web.PageRequests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v2/ml/models} and the versions' list on real S3: every model of the tenant
 * once across pages, with its latest version, state, latest ready version and aliases;
 * nothing of another tenant; bad page parameters as 400 problems.
 */
class ModelListIntegrationTests extends MlIntegrationTest {

	@Autowired
	ModelRegistry registry;

	@Test
	void listsEveryModelOnceAcrossPagesWithItsLatestVersionStateAndAliases() {
		String tenant = newTenant();
		// names whose keys sort differently from the names themselves ('-' < '/' < '0')
		for (String name : List.of("churn", "churn-v2", "churn0", "fraud", "price")) {
			this.registry.save(tenant, manifest(name, 1).failed("Too few rows: 3."));
		}
		this.registry.save(tenant, manifest("fraud", 2).ready(new XgboostTraining.Trained(new byte[0], null,
				List.of("false", "true"), Map.of("accuracy", 0.9), 8, 2, "sha256:0")));
		this.registry.setAlias(tenant, "fraud", "production", 2);
		this.registry.save(tenant, manifest("fraud", 3));

		List<Map<String, Object>> models = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			Map<String, Object> page = get(tenant, RouteScopes.ML_READ,
					"/v2/ml/models?page_size=2" + ((token != null) ? "&page_token=" + token : ""))
				.expectStatus()
				.isOk()
				.returnResult(Map.class)
				.getResponseBody();
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			models.addAll(items);
			token = (String) page.get("next_page_token");
			pages++;
		}
		while (token != null && pages < 10);

		assertThat(models).extracting((model) -> model.get("name"))
			.containsExactlyInAnyOrder("churn", "churn-v2", "churn0", "fraud", "price");
		assertThat(pages).isEqualTo(3);
		assertThat(models).filteredOn((model) -> "fraud".equals(model.get("name")))
			.singleElement()
			.satisfies((fraud) -> assertThat(fraud).containsEntry("latest_version", 3)
				.containsEntry("state", "training")
				.containsEntry("latest_ready_version", 2)
				.containsEntry("version_count", 3)
				.containsEntry("aliases", Map.of("production", 2))
				.containsEntry("task", "classification")
				.containsKey("updated_at"));
		assertThat(models).filteredOn((model) -> "price".equals(model.get("name")))
			.singleElement()
			.satisfies((price) -> assertThat(price).containsEntry("state", "failed")
				.containsEntry("latest_ready_version", null)
				.containsEntry("aliases", Map.of()));

		// another tenant sees none of them
		get(newTenant(), RouteScopes.ML_READ, "/v2/ml/models").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(0)
			.jsonPath("$.next_page_token")
			.doesNotExist();
	}

	@Test
	void badPageParametersAre400Problems() {
		String tenant = newTenant();
		this.registry.save(tenant, manifest("fraud", 1));
		this.registry.save(tenant, manifest("fraud", 2));
		for (String uri : List.of("/v2/ml/models?page_size=0", "/v2/ml/models?page_size=501",
				"/v2/ml/models?page_token=garbage", "/v2/ml/models?page_token=" + PageRequests.token("Not A Name"),
				"/v2/ml/models/fraud/versions?page_size=0", "/v2/ml/models/fraud/versions?page_token=garbage",
				"/v2/ml/models/fraud/versions?page_token=" + PageRequests.token("one"))) {
			get(tenant, RouteScopes.ML_READ, uri).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType("application/problem+json");
		}
		get(tenant, RouteScopes.ML_READ, "/v2/ml/models/fraud/versions?page_size=1").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].version")
			.isEqualTo(1)
			.jsonPath("$.next_page_token")
			.isEqualTo(PageRequests.token("1"));
		get(tenant, RouteScopes.ML_READ, "/v2/ml/models/fraud/versions?page_token=" + PageRequests.token("1"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].version")
			.isEqualTo(2)
			.jsonPath("$.items.length()")
			.isEqualTo(1);
		// reading needs an ml scope
		get(tenant, RouteScopes.RESOURCES_READ, "/v2/ml/models").expectStatus().isForbidden();
	}

	private static Manifest manifest(String name, int version) {
		return Manifest.training(name, version, ModelTask.CLASSIFICATION, Algorithm.GRADIENT_BOOSTED_TREES,
				new Manifest.Source("txn", List.of("amount"), "fraud", null), Map.of());
	}

	private RestTestClient.ResponseSpec get(String tenant, String scope, String uri) {
		return this.client.get().uri(uri).header("Authorization", "Bearer " + tokens.token(tenant, scope)).exchange();
	}

}
