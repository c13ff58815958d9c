package io.strata.workflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.testsupport.HostileRequests;

import static io.strata.testsupport.HostileRequests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Hostile input answered 4xx as problem+json on workflow's endpoints (issue item 9). */
class HostileInputIntegrationTests extends WorkflowIntegrationTest {

	@RegisterExtension
	final HostileRequests requests = HostileRequests.toTestServer(() -> bearer(newTenant()));

	@Test
	void multipartWithoutBodyIsUnsupportedMediaType() {
		assertProblem(this.requests.send("POST", "/v2/resources", "multipart/form-data", null), 415,
				"unsupported-media-type");
	}

	@Test
	void unparsableCharsetIsUnsupportedMediaType() {
		assertProblem(this.requests.send("POST", "/v2/resources", "application/json; charset=nope", "{}"), 415,
				"unsupported-media-type");
	}

	@Test
	void nulInStringsAndTreesIsInvalidBeforeItReachesPostgres() {
		assertProblem(this.requests.send("POST", "/v2/resource-types", "application/json",
				"{\"name\": \"t\\u0000\", \"schema\": {}}"), 400, "validation");
		var attributes = this.requests.send("POST", "/v2/resources", "application/json",
				"{\"type\": \"ticket\", \"attributes\": {\"title\": \"x\\u0000\"}}");
		assertProblem(attributes, 400, "validation");
		assertThat(attributes.body()).contains("\"pointer\":\"/attributes/title\"");
		assertProblem(this.requests.send("GET", "/v2/operations?resource_id=a%00", null, null), 400, "validation");
	}

	@Test
	void nullListElementIsInvalid() {
		var response = this.requests.send("POST", "/v2/resources/actions", "application/json",
				"{\"action\": \"approve\", \"resource_ids\": [null]}");
		assertProblem(response, 400, "validation");
		assertThat(response.body()).contains("\"pointer\":\"/resource_ids/0\"");
	}

	@Test
	void pageParametersAreValidated() {
		for (String query : new String[] { "page_size=0", "page_size=-1", "page_size=501", "page_token=garbage",
				"page_token=dGlja2V0" }) {
			assertProblem(this.requests.send("GET", "/v2/resource-types?" + query, null, null), 400, "validation");
		}
	}

	@Test
	void hundredsOfHeadersAreAProblemNotTomcatsPage() {
		assertProblem(this.requests.withHeaders("/v2/resource-types", 300), 400, "bad-request");
	}

}
