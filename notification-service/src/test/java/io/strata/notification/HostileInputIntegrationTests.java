package io.strata.notification;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.testsupport.HostileRequests;

import static io.strata.testsupport.HostileRequests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input answered 4xx as problem+json on notification's endpoints (issue item 9).
 */
class HostileInputIntegrationTests extends NotificationIntegrationTest {

	@RegisterExtension
	final HostileRequests requests = HostileRequests.toTestServer(() -> bearer(newTenant()));

	@Test
	void multipartWithoutBodyIsUnsupportedMediaType() {
		assertProblem(this.requests.send("POST", "/v2/webhooks/register", "multipart/form-data", null), 415,
				"unsupported-media-type");
	}

	@Test
	void nulInStringsIsInvalidBeforeItReachesPostgres() {
		HttpResponse<String> response = this.requests.send("POST", "/v2/webhooks/register", "application/json",
				"{\"url\": \"http://127.0.0.2/h\", \"event_types\": [\"*\"], \"description\": \"a\\u0000\"}");
		assertProblem(response, 400, "validation");
		assertThat(response.body()).contains("\"pointer\":\"/description\"");
	}

	@Test
	void nullListElementIsInvalid() {
		HttpResponse<String> response = this.requests.send("POST", "/v2/webhooks/register", "application/json",
				"{\"url\": \"http://127.0.0.2/h\", \"event_types\": [\"*\", null]}");
		assertProblem(response, 400, "validation");
		assertThat(response.body()).contains("\"pointer\":\"/event_types/1\"");
	}

	@Test
	void pageParametersAreValidated() {
		for (String query : new String[] { "page_size=0", "page_size=-1", "page_token=garbage", "page_token=aGs" }) {
			assertProblem(this.requests.send("GET", "/v2/webhooks?" + query, null, null), 400, "validation");
		}
	}

	@Test
	void hundredsOfHeadersAreAProblemNotTomcatsPage() {
		assertProblem(this.requests.withHeaders("/v2/webhooks", 300), 400, "bad-request");
	}

}
