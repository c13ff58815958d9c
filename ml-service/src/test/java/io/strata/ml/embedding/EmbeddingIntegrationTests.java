package io.strata.ml.embedding;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;

import io.strata.ml.MlIntegrationTest;
import io.strata.platform.security.RouteScopes;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code POST /v2/ml/embeddings} on the real model. */
class EmbeddingIntegrationTests extends MlIntegrationTest {

	record Item(int index, float[] embedding) {
	}

	record Answer(String model, @JsonProperty("model_version") String modelVersion, int dimensions, List<Item> data) {
	}

	@Test
	void similarMeaningsAreCloserThanUnrelatedTexts() {
		Answer answer = embed(newTenant(), Map.of("input",
				List.of("my car will not start", "automobile engine failure", "chocolate cake recipe")));
		float[] car = answer.data().get(0).embedding();
		float[] engine = answer.data().get(1).embedding();
		float[] cake = answer.data().get(2).embedding();
		assertThat(dot(car, engine)).isGreaterThan(dot(car, cake) + 0.2);
		assertThat(dot(car, engine)).isGreaterThan(dot(engine, cake) + 0.2);
	}

	@Test
	void answersOneUnitVectorPerTextInOrderNamingTheModel() {
		Answer answer = embed(newTenant(), Map.of("input", List.of("first", "second text", "first")));
		assertThat(answer.model()).isEqualTo("all-minilm-l6-v2-q");
		assertThat(answer.modelVersion()).isEqualTo("1.19.0-beta29");
		assertThat(answer.dimensions()).isEqualTo(384);
		assertThat(answer.data()).extracting(Item::index).containsExactly(0, 1, 2);
		for (Item item : answer.data()) {
			assertThat(item.embedding()).hasSize(384);
			assertThat(dot(item.embedding(), item.embedding())).isCloseTo(1.0, within(1e-4));
		}
		// the same text, the same vector; another text, another vector
		assertThat(answer.data().get(2).embedding()).containsExactly(answer.data().get(0).embedding());
		assertThat(dot(answer.data().get(0).embedding(), answer.data().get(1).embedding())).isLessThan(0.99);
	}

	@Test
	void takesUpTo256Texts() {
		Answer answer = embed(newTenant(), Map.of("input", Collections.nCopies(256, "a short ticket title")));
		assertThat(answer.data()).hasSize(256);
	}

	@Test
	void refusesWhatItCannotEmbedWithProblems() {
		String tenant = newTenant();
		problem(tenant, "{\"input\": []}", "/input");
		problem(tenant, "{}", "/input");
		problem(tenant, "{\"input\": null}", "/input");
		problem(tenant, "{\"input\": " + json(Collections.nCopies(257, "x")) + "}", "/input");
		problem(tenant, "{\"input\": [\"fine\", \"\"]}", "/input/1");
		problem(tenant, "{\"input\": [\"fine\", \"   \"]}", "/input/1");
		problem(tenant, "{\"input\": [\"" + "a".repeat(EmbeddingTexts.MAX_CHARACTERS + 1) + "\"]}", "/input/0");
		problem(tenant, "{\"input\": [\"fine\", \"nul \\u0000 inside\"]}", "/input/1");
		problem(tenant, "{\"input\": [\"fine\", null]}", "/input/1");
		// texts only: not a number (which Jackson would turn into text), an object or a
		// bare string
		malformed(tenant, "{\"input\": [\"fine\", 42]}");
		malformed(tenant, "{\"input\": [\"fine\", 4.2]}");
		malformed(tenant, "{\"input\": [true]}");
		malformed(tenant, "{\"input\": [\"fine\", {\"text\": \"x\"}]}");
		malformed(tenant, "{\"input\": \"just one string\"}");
		malformed(tenant, "[\"not an object\"]");
	}

	@Test
	void needsAnMlScopeAndATenant() {
		String body = "{\"input\": [\"hello\"]}";
		send(null, body).expectStatus().isUnauthorized();
		send(tokens.token(newTenant(), RouteScopes.RESOURCES_READ), body).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		send(tokens.token(newTenant(), RouteScopes.ML_READ), body).expectStatus().isOk();
		send(tokens.token(newTenant(), RouteScopes.ML_WRITE), body).expectStatus().isOk();
		send(tokens.token("", RouteScopes.ML_READ), body).expectStatus().isForbidden();
	}

	@Test
	void metricsNameTheModel() {
		embed(newTenant(), Map.of("input", List.of("counted")));
		String metrics = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
		assertThat(metrics).contains(
				"strata_ml_embedding_model{dimensions=\"384\",model=\"all-minilm-l6-v2-q\",model_version=\"1.19.0-beta29\"");
		assertThat(metrics).containsPattern(
				"strata_ml_embedding_texts_total\\{[^}]*model=\"all-minilm-l6-v2-q\",model_version=\"1.19.0-beta29\"");
	}

	private Answer embed(String tenant, Object body) {
		return this.client.post()
			.uri("/v2/ml/embeddings")
			.header("Authorization", "Bearer " + tokens.token(tenant, RouteScopes.ML_READ))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Answer.class)
			.getResponseBody();
	}

	private void problem(String tenant, String body, String pointer) {
		send(tokens.token(tenant, RouteScopes.ML_READ), body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.errors[0].pointer")
			.isEqualTo(pointer);
	}

	private void malformed(String tenant, String body) {
		send(tokens.token(tenant, RouteScopes.ML_READ), body).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.value(String.class, (type) -> assertThat(type).endsWith("/malformed-body"));
	}

	private RestTestClient.ResponseSpec send(String token, String body) {
		RestTestClient.RequestBodySpec request = this.client.post()
			.uri("/v2/ml/embeddings")
			.contentType(MediaType.APPLICATION_JSON);
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request.body(body).exchange();
	}

	private static String json(List<String> texts) {
		return "[" + String.join(",", texts.stream().map((text) -> "\"" + text + "\"").toList()) + "]";
	}

	static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

}
