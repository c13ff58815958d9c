package io.strata.ml;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.platform.security.RouteScopes;
import io.strata.testsupport.HostileRequests;

import static io.strata.testsupport.HostileRequests.assertProblem;

/** Hostile input answered 4xx as problem+json on ml's endpoints. */
class HostileInputIntegrationTests extends MlIntegrationTest {

	@RegisterExtension
	final HostileRequests requests = HostileRequests
		.toTestServer(() -> "Bearer " + tokens.token(newTenant(), RouteScopes.ML_READ));

	@Test
	void bodiesThatAreNotJsonOrNotTheRightJsonAreProblems() {
		assertProblem(this.requests.send("POST", "/v2/ml/embeddings", "application/json", "{\"input\": ["), 400,
				"malformed-body");
		assertProblem(this.requests.send("POST", "/v2/ml/embeddings", "application/json", ""), 400, "malformed-body");
		assertProblem(this.requests.send("POST", "/v2/ml/embeddings", "text/plain", "hello"), 415,
				"unsupported-media-type");
		assertProblem(this.requests.send("POST", "/v2/ml/embeddings", "application/json; charset=nope", "{}"), 415,
				"unsupported-media-type");
	}

	@Test
	void unknownRoutesAndMethodsAreProblems() {
		assertProblem(this.requests.send("GET", "/v2/ml/embeddings", null, null), 405, "method-not-allowed");
		assertProblem(this.requests.send("GET", "/v2/ml/nothing-here", null, null), 404, "not-found");
	}

	@Test
	void hundredsOfHeadersAreAProblemNotTomcatsPage() {
		assertProblem(this.requests.withHeaders("/v2/ml/embeddings", 300), 400, "bad-request");
	}

}
