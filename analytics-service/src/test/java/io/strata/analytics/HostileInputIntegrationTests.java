package io.strata.analytics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.platform.security.RouteScopes;
import io.strata.testsupport.HostileRequests;

import static io.strata.testsupport.HostileRequests.assertProblem;

/** Hostile input answered 4xx as problem+json on analytics' endpoints (issue item 9). */
class HostileInputIntegrationTests extends AnalyticsIntegrationTest {

	@RegisterExtension
	final HostileRequests requests = HostileRequests
		.toTestServer(() -> "Bearer " + tokens.token(newTenant(), RouteScopes.API_SCOPES.toArray(String[]::new)));

	@Test
	void pageSizeOutsideOneToFiveHundredIsInvalid() {
		for (String query : new String[] { "page_size=0", "page_size=-1", "page_size=501" }) {
			assertProblem(this.requests.send("GET", "/v2/resources?" + query, null, null), 400, "validation");
			assertProblem(this.requests.send("GET", "/v2/analytics/events?" + query, null, null), 400, "validation");
		}
	}

	@Test
	void nulInAQueryParameterIsInvalid() {
		assertProblem(this.requests.send("GET", "/v2/resources?q=a%00b", null, null), 400, "validation");
	}

	@Test
	void unparsableCharsetIsUnsupportedMediaType() {
		assertProblem(this.requests.send("POST", "/v2/resources", "application/json; charset=nope", null), 415,
				"unsupported-media-type");
	}

	@Test
	void hundredsOfHeadersAreAProblemNotTomcatsPage() {
		assertProblem(this.requests.withHeaders("/v2/resources", 300), 400, "bad-request");
	}

}
