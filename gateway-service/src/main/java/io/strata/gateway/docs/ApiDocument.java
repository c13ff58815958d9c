package io.strata.gateway.docs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.strata.gateway.routing.DownstreamServices;
import io.strata.platform.mtls.MtlsHttpClients;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.ssl.SslBundles;

/**
 * The platform's OpenAPI document, merged from every service's {@code /v3/api-docs}
 * ({@link ApiDocumentMerger}) and kept for {@code ttl}: services change their document
 * only when they are deployed. A service that does not answer fails the request (503)
 * rather than leaving its operations out of the contract, and nothing is cached then.
 */
class ApiDocument {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final DownstreamServices services;

	private final HttpClient http;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ObjectNode info;

	private final Mono<String> cached;

	ApiDocument(DownstreamServices services, SslBundles bundles, String version, Duration ttl) {
		this.services = services;
		HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
		if (bundles.getBundleNames().contains(MtlsHttpClients.BUNDLE)) {
			builder.sslContext(bundles.getBundle(MtlsHttpClients.BUNDLE).createSslContext());
		}
		this.http = builder.build();
		this.info = JsonNodeFactory.instance.objectNode()
			.put("title", "Strata API")
			.put("version", version)
			.put("description", "The whole platform's REST API behind the gateway: identity, resources and "
					+ "workflows, search and analytics, ML, webhooks. JSON fields are snake_case; errors are RFC 9457 "
					+ "problems; lists take page_size and page_token; updates and deletes take an optional If-Match (a stale "
					+ "one is a 412); POST and PATCH take " + "Idempotency-Key.");
		this.cached = Mono.fromCallable(this::merge)
			.subscribeOn(Schedulers.boundedElastic())
			.cache((document) -> ttl, (error) -> Duration.ZERO, () -> Duration.ZERO);
	}

	Mono<String> json() {
		return this.cached;
	}

	private String merge() throws Exception {
		SortedMap<String, JsonNode> documents = new TreeMap<>();
		for (Map.Entry<String, URI> service : this.services.services().entrySet()) {
			documents.put(service.getKey(), fetch(service.getValue().resolve("/v3/api-docs")));
		}
		return this.json.writerWithDefaultPrettyPrinter()
			.writeValueAsString(ApiDocumentMerger.merge(documents, this.info.deepCopy()));
	}

	private JsonNode fetch(URI uri) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(uri + " answered " + response.statusCode());
		}
		return this.json.readTree(response.body());
	}

}
