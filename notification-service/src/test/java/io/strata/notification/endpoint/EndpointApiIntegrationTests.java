package io.strata.notification.endpoint;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.TestHostsResolverProvider;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoints API over real HTTP and PostgreSQL: registration shows a Standard Webhooks
 * secret once and stores it encrypted; list, get, update (If-Match), disable, enable,
 * delete; another tenant's endpoint does not exist; SSRF targets and bad input are 400
 * problems.
 */
class EndpointApiIntegrationTests extends NotificationIntegrationTest {

	@Test
	void registrationReturnsTheSecretOnceAndStoresItEncrypted() {
		String tenant = newTenant();
		JsonNode created = register(tenant, receiver.url("/a"), List.of("resource.*"));

		assertThat(created.get("id").asString()).startsWith("ep_");
		assertThat(created.get("status").asString()).isEqualTo("enabled");
		assertThat(created.get("event_types").get(0).asString()).isEqualTo("resource.*");
		String secret = created.get("secret").asString();
		assertThat(secret).startsWith("whsec_");
		assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);

		JsonNode read = get(tenant, "/v2/webhooks/" + created.get("id").asString());
		assertThat(read.has("secret")).isFalse();
		assertThat(read.get("url").asString()).isEqualTo(receiver.url("/a"));
		byte[] stored = this.jdbc.queryForObject("SELECT secret FROM webhook_endpoint WHERE id = ?", byte[].class,
				created.get("id").asString());
		assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
			.doesNotContain(secret.substring(6));
		assertThat(stored).isNotEqualTo(Base64.getDecoder().decode(secret.substring(6)));
	}

	@Test
	void listsPagesOfTheCallersEndpointsOnly() {
		String tenant = newTenant();
		for (int i = 0; i < 3; i++) {
			register(tenant, receiver.url("/list-" + i), List.of("resource.created"));
		}
		register(newTenant(), receiver.url("/other"), List.of("resource.created"));

		JsonNode first = get(tenant, "/v2/webhooks?page_size=2");
		assertThat(first.get("items")).hasSize(2);
		String token = first.get("next_page_token").asString();
		JsonNode second = get(tenant, "/v2/webhooks?page_size=2&page_token=" + token);
		assertThat(second.get("items")).hasSize(1);
		assertThat(second.get("next_page_token").isNull() || !second.has("next_page_token")).isTrue();
		assertThat(second.get("items").get(0).get("url").asString()).isEqualTo(receiver.url("/list-2"));
	}

	@Test
	void ifMatchIsOptionalAndAStaleETagIsRefused() {
		String tenant = newTenant();
		String id = register(tenant, receiver.url("/u"), List.of("resource.*")).get("id").asString();

		String etag = this.client.patch()
			.uri("/v2/webhooks/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("event_types", List.of("identity.*"), "rate_limit_per_second", 5))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.event_types[0]")
			.isEqualTo("identity.*")
			.jsonPath("$.rate_limit_per_second")
			.isEqualTo(5)
			.returnResult()
			.getResponseHeaders()
			.getETag();
		assertThat(etag).isEqualTo("\"2\"");

		this.client.patch()
			.uri("/v2/webhooks/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("description", "stale"))
			.exchange()
			.expectStatus()
			.isEqualTo(412)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/precondition-failed")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("\"2\""));

		this.client.patch()
			.uri("/v2/webhooks/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("description", "without If-Match"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"3\"");

		this.client.delete()
			.uri("/v2/webhooks/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.header(HttpHeaders.IF_MATCH, "\"1\", W/\"2\"")
			.exchange()
			.expectStatus()
			.isEqualTo(412);
	}

	@Test
	void disablesEnablesAndDeletes() {
		String tenant = newTenant();
		String id = register(tenant, receiver.url("/d"), List.of("*")).get("id").asString();

		post(tenant, "/v2/webhooks/" + id + "/disable").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("disabled");
		post(tenant, "/v2/webhooks/" + id + "/enable").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("enabled");
		this.client.delete()
			.uri("/v2/webhooks/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.get()
			.uri("/v2/webhooks/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void anotherTenantsEndpointDoesNotExist() {
		String owner = newTenant();
		String intruder = newTenant();
		String id = register(owner, receiver.url("/mine"), List.of("*")).get("id").asString();

		this.client.get()
			.uri("/v2/webhooks/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(intruder))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		for (String action : List.of("/disable", "/rotate-secret", "/test", "/attempts", "/dead-letters")) {
			var request = action.equals("/attempts") || action.equals("/dead-letters")
					? this.client.get().uri("/v2/webhooks/" + id + action)
					: this.client.post().uri("/v2/webhooks/" + id + action);
			request.header(HttpHeaders.AUTHORIZATION, bearer(intruder)).exchange().expectStatus().isNotFound();
		}
		this.client.delete()
			.uri("/v2/webhooks/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(intruder))
			.exchange()
			.expectStatus()
			.isNotFound();
		assertThat(get(owner, "/v2/webhooks/" + id).get("status").asString()).isEqualTo("enabled");
	}

	@Test
	void refusesLoopbackMetadataAndPrivateTargetsThatAreNotAllowListed() {
		String tenant = newTenant();
		for (String url : List.of("http://127.0.0.1:8080/hook", "http://169.254.169.254/latest/meta-data",
				"http://" + TestHostsResolverProvider.PRIVATE_HOST + "/hook", "http://10.0.0.5/hook",
				"http://[::1]/hook", "ftp://example.com/hook")) {
			this.client.post()
				.uri("/v2/webhooks/register")
				.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("url", url, "event_types", List.of("*")))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].pointer")
				.isEqualTo("/url");
		}
		assertThat(get(tenant, "/v2/webhooks").get("items")).isEmpty();
	}

	@Test
	void aDirectCallGetsWhatTheScopeTableAllowsAndNoMore() {
		String tenant = newTenant();
		// a read-only token cannot register a webhook, also when it skips the gateway
		registerWith(tenant, List.of("resource.*"), "resources.read").expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("This route needs one of the scopes: webhooks.write");
		// webhooks.write does not route events about people, nor every family's, to a URL
		for (List<String> types : List.of(List.of("identity.*"), List.of("identity.user.created"), List.of("*"),
				List.of("resource.created", "ml.*"))) {
			registerWith(tenant, types, "webhooks.write", "resources.read").expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.type")
				.value((type) -> assertThat(type.toString()).endsWith("event-types-forbidden"));
		}
		registerWith(tenant, List.of("resource.*", "workflow.run_finished"), "webhooks.write", "resources.read")
			.expectStatus()
			.isCreated();
		assertThat(get(tenant, "/v2/webhooks").get("items")).hasSize(1);
	}

	private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec registerWith(String tenant,
			List<String> eventTypes, String... scopes) {
		return this.client.post()
			.uri("/v2/webhooks/register")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant, scopes))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("url", receiver.url("/scoped"), "event_types", eventTypes))
			.exchange();
	}

	@Test
	void badInputIsAProblemNeverA500() {
		String tenant = newTenant();
		for (String body : List.of("{\"url\": \"" + receiver.url("/x") + "\", \"event_types\": [\"resource.**\"]}",
				"{\"url\": \"" + receiver.url("/x") + "\", \"event_types\": []}", "{\"event_types\": [\"*\"]}",
				"{\"url\": \"" + receiver.url("/x") + "\", \"event_types\": [\"*\"], \"rate_limit_per_second\": 0}",
				"{not json")) {
			this.client.post()
				.uri("/v2/webhooks/register")
				.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		this.client.get()
			.uri("/v2/webhooks?page_size=501")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.get().uri("/v2/webhooks").exchange().expectStatus().isUnauthorized();
		this.client.get()
			.uri("/v2/webhooks")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.forgedToken(tenant))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec post(String tenant, String uri) {
		return this.client.post().uri(uri).header(HttpHeaders.AUTHORIZATION, bearer(tenant)).exchange();
	}

}
