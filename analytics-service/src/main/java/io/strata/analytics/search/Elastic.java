package io.strata.analytics.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * JSON in, JSON out over the Elasticsearch REST client. Queries are built as plain JSON
 * trees (they come from a filter AST, not from code), which the typed client would only
 * re-wrap; bulk bodies are NDJSON. Errors carry the status so callers can tell a version
 * conflict from a failure.
 */
public final class Elastic {

	private final RestClient client;

	private final ObjectMapper json;

	public Elastic(RestClient client, ObjectMapper json) {
		this.client = client;
		this.json = json;
	}

	public ObjectMapper json() {
		return this.json;
	}

	public JsonNode get(String path) {
		return send("GET", path, null, Map.of());
	}

	public JsonNode send(String method, String path, Object body) {
		return send(method, path, body, Map.of());
	}

	public JsonNode send(String method, String path, Object body, Map<String, String> parameters) {
		Request request = new Request(method, path);
		parameters.forEach(request::addParameter);
		if (body != null) {
			String text = (body instanceof String string) ? string : write(body);
			ContentType type = (body instanceof String)
					? ContentType.create("application/x-ndjson", StandardCharsets.UTF_8) : ContentType.APPLICATION_JSON;
			request.setEntity(new NStringEntity(text, type));
		}
		try {
			Response response = this.client.performRequest(request);
			return read(response);
		}
		catch (ResponseException ex) {
			throw new ElasticException(ex.getResponse().getStatusLine().getStatusCode(), body(ex.getResponse()), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether an index or alias exists (HEAD). */
	public boolean exists(String path) {
		try {
			return this.client.performRequest(new Request("HEAD", path)).getStatusLine().getStatusCode() == 200;
		}
		catch (ResponseException ex) {
			if (ex.getResponse().getStatusLine().getStatusCode() == 404) {
				return false;
			}
			throw new ElasticException(ex.getResponse().getStatusLine().getStatusCode(), "", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private JsonNode read(Response response) throws IOException {
		if (response.getEntity() == null) {
			return this.json.createObjectNode();
		}
		return this.json.readTree(response.getEntity().getContent());
	}

	private static String body(Response response) {
		try {
			return (response.getEntity() != null) ? EntityUtils.toString(response.getEntity()) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * Whether {@code failure} (or a cause of it) says Elasticsearch is unreachable or
	 * overloaded, rather than that a request or document is wrong: such a failure is
	 * retried until Elasticsearch is back, never parked as a poison record.
	 */
	public static boolean unavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException || cause instanceof UncheckedIOException) {
				return true;
			}
			if (cause instanceof ElasticException elastic && (elastic.status() == 429 || elastic.status() == 502
					|| elastic.status() == 503 || elastic.status() == 504)) {
				return true;
			}
		}
		return false;
	}

	/** Elasticsearch answered an error status. */
	public static final class ElasticException extends RuntimeException {

		private final int status;

		public ElasticException(int status, String body, Throwable cause) {
			super("Elasticsearch answered " + status + ": " + ((body.length() > 2000) ? body.substring(0, 2000) : body),
					cause);
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

}
