package io.strata.e2e;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.strata.e2e.AppJourneyEndToEndTests.json;
import static io.strata.e2e.AppJourneyEndToEndTests.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Embeddings and semantic search through the gateway, as an app uses them: ml-service
 * embeds, analytics indexes the vectors as resources are written. Reports how long a
 * write takes to become semantically searchable (p50, p95); it does not assert timings.
 * Per-tenant models: trained on the tenant's resources (read through analytics), aliased
 * and predicting, and not found by another tenant.
 */
class MlEndToEndTests {

	static String owner;

	static String type;

	@BeforeAll
	static void signIn() throws Exception {
		AppJourneyEndToEndTests.signIn();
		owner = AppJourneyEndToEndTests.token;
		type = "ml_" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> defined = send("POST", "/v2/resource-types", """
				{"name": "%s",
				 "schema": {"type": "object", "required": ["title"],
				            "properties": {"title": {"type": "string", "maxLength": 200}}},
				 "lifecycle": {"initial": "open", "states": ["open", "closed"]}}""".formatted(type), owner);
		assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
	}

	@Test
	void embeddingsOrderTextsByMeaning() throws Exception {
		HttpResponse<String> answer = send("POST", "/v2/ml/embeddings",
				"{\"input\": [\"my car will not start\", \"automobile engine failure\", \"chocolate cake recipe\"]}",
				owner);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode body = json.readTree(answer.body());
		assertThat(body.path("model").asString()).isEqualTo("all-minilm-l6-v2-q");
		assertThat(body.path("model_version").asString()).isNotBlank();
		assertThat(body.path("dimensions").asInt()).isEqualTo(384);
		JsonNode data = body.path("data");
		assertThat(data.size()).isEqualTo(3);
		double carEngine = dot(data.get(0).path("embedding"), data.get(1).path("embedding"));
		double carCake = dot(data.get(0).path("embedding"), data.get(2).path("embedding"));
		assertThat(carEngine).isGreaterThan(carCake);

		HttpResponse<String> tooMany = send("POST", "/v2/ml/embeddings",
				"{\"input\": " + json.writeValueAsString(Collections.nCopies(257, "x")) + "}", owner);
		assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(400);
		assertThat(send("POST", "/v2/ml/embeddings", "{\"input\": [\"x\"]}", null).statusCode()).isEqualTo(401);
	}

	@Test
	void aResourceIsFoundByMeaningNotByWordsAndOnlyByItsTenant() throws Exception {
		String id = create("my car will not start");
		assertThat(AppJourneyEndToEndTests.eventually(() -> search("automobile engine failure", "semantic", null),
				(body) -> body.contains(id)))
			.as("found by meaning")
			.isTrue();
		assertThat(search("automobile engine failure", "keyword", null)).doesNotContain(id);
		assertThat(search("automobile engine failure", "hybrid", null)).contains(id);

		String stranger = NewTenant.signInAdmin(owner);
		HttpResponse<String> theirs = send("GET", "/v2/resources?mode=semantic&query="
				+ URLEncoder.encode("automobile engine failure", StandardCharsets.UTF_8), null, stranger);
		assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(200);
		assertThat(theirs.body()).doesNotContain(id);
	}

	@Test
	void reportsWriteToSemanticallySearchableLatency() throws Exception {
		List<Long> millis = new ArrayList<>();
		String[] titles = { "the printer jams on every page", "payroll was paid twice this month",
				"water is leaking from the ceiling", "cannot log in after the password reset",
				"the projector in room 4 shows no picture", "invoice total does not match the order",
				"laptop battery drains within an hour", "the parking gate does not open",
				"customer asks for a refund of a late delivery", "the coffee machine is out of beans" };
		for (int round = 0; round < 2; round++) {
			for (String title : titles) {
				long started = System.nanoTime();
				String id = create(title + " #" + round);
				String filter = "id = \"" + id + "\"";
				boolean found = AppJourneyEndToEndTests.eventually(() -> search(title, "semantic", filter),
						(body) -> body.contains(id));
				assertThat(found).as("semantically searchable: " + title).isTrue();
				millis.add((System.nanoTime() - started) / 1_000_000);
			}
		}
		Collections.sort(millis);
		System.out.printf(
				"ml e2e: write -> semantically searchable over %d resources: p50 %d ms, p95 %d ms, max %d ms%n",
				millis.size(), millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1),
				millis.getLast());
	}

	@Test
	void aModelTrainedOnTheTenantsResourcesPredictsThroughItsAliasAndOnlyForItsTenant() throws Exception {
		String txn = "mlt_" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> defined = send("POST", "/v2/resource-types", """
				{"name": "%s",
				 "schema": {"type": "object", "required": ["amount", "country", "fraud"],
				            "properties": {"amount": {"type": "number"}, "country": {"type": "string"},
				                           "fraud": {"type": "boolean"}}},
				 "lifecycle": {"initial": "open", "states": ["open"]}}""".formatted(txn), owner);
		assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
		java.util.Random random = new java.util.Random(5);
		String[] countries = { "de", "fr", "xx" };
		int rows = 150;
		for (int i = 0; i < rows; i++) {
			long amount = random.nextInt(1000);
			String country = countries[random.nextInt(countries.length)];
			boolean fraud = amount > 900 || (amount > 500 && country.equals("xx"));
			HttpResponse<String> created = send("POST", "/v2/resources",
					"{\"type\": \"%s\", \"attributes\": {\"amount\": %d, \"country\": \"%s\", \"fraud\": %s}}"
						.formatted(txn, amount, country, fraud),
					owner);
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		}
		String listed = "/v2/resources?page_size=500&filter="
				+ URLEncoder.encode("type = \"" + txn + "\"", StandardCharsets.UTF_8);
		assertThat(AppJourneyEndToEndTests.eventually(() -> send("GET", listed, null, owner).body(),
				(body) -> json.readTree(body).path("items").size() == rows))
			.as("all rows searchable")
			.isTrue();

		HttpResponse<String> accepted = send("POST", "/v2/ml/models", """
				{"name": "%s", "task": "classification",
				 "source": {"resource_type": "%s", "features": ["amount", "country"], "target": "fraud"}}"""
			.formatted(txn.replace('_', '-'), txn), owner);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
		String location = accepted.headers().firstValue("Location").orElseThrow();
		assertThat(AppJourneyEndToEndTests.eventually(() -> send("GET", location, null, owner).body(),
				(body) -> !json.readTree(body).path("state").asString().equals("training")))
			.isTrue();
		JsonNode version = json.readTree(send("GET", location, null, owner).body());
		assertThat(version.path("state").asString()).as(version.toString()).isEqualTo("ready");
		assertThat(version.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.9);
		assertThat(version.path("training_rows").asInt() + version.path("holdout_rows").asInt()).isEqualTo(rows);

		String model = "/v2/ml/models/" + txn.replace('_', '-');
		HttpResponse<String> aliased = send("PUT", model + "/aliases/production", "{\"version\": 1}", owner);
		assertThat(aliased.statusCode()).as(aliased.body()).isEqualTo(200);
		HttpResponse<String> predicted = send("POST", model + "/predict",
				"{\"alias\": \"production\", \"instances\": [{\"amount\": 950, \"country\": \"de\"}, "
						+ "{\"amount\": 100, \"country\": \"xx\"}]}",
				owner);
		assertThat(predicted.statusCode()).as(predicted.body()).isEqualTo(200);
		JsonNode predictions = json.readTree(predicted.body()).path("predictions");
		assertThat(predictions.get(0).path("label").asString()).isEqualTo("true");
		assertThat(predictions.get(1).path("label").asString()).isEqualTo("false");
		HttpResponse<String> missing = send("POST", model + "/predict", "{\"instances\": [{\"amount\": 950}]}", owner);
		assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);

		String stranger = NewTenant.signInAdmin(owner);
		assertThat(
				send("POST", model + "/predict", "{\"instances\": [{\"amount\": 950, \"country\": \"de\"}]}", stranger)
					.statusCode())
			.isEqualTo(404);
		assertThat(send("GET", model + "/versions", null, stranger).statusCode()).isEqualTo(404);
	}

	private static String create(String title) throws Exception {
		HttpResponse<String> created = send("POST", "/v2/resources",
				"{\"type\": \"%s\", \"attributes\": {\"title\": \"%s\"}}".formatted(type, title), owner);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json.readTree(created.body()).path("id").asString();
	}

	private static String search(String query, String mode, String filter) throws Exception {
		String typeFilter = "type = \"" + type + "\"" + ((filter != null) ? " AND " + filter : "");
		HttpResponse<String> found = send("GET",
				"/v2/resources?mode=" + mode + "&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&filter="
						+ URLEncoder.encode(typeFilter, StandardCharsets.UTF_8),
				null, owner);
		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
		return found.body();
	}

	private static double dot(JsonNode a, JsonNode b) {
		double sum = 0;
		for (int i = 0; i < a.size(); i++) {
			sum += a.get(i).asDouble() * b.get(i).asDouble();
		}
		return sum;
	}

}
