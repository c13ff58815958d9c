package io.strata.workflow.engine.steps;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.net.OutboundAddressPolicy;
import io.strata.platform.problem.ProblemException;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.stereotype.Component;

/**
 * {@code http.request}: calls {@code input.url} with {@code input.method} (GET),
 * {@code input.headers} and a JSON {@code input.body}, sending the attempt's
 * {@code Idempotency-Key}. Private, loopback and link-local targets are refused unless
 * allow-listed (checked on the URL and again on every connection). 5xx, 408, 429 and I/O
 * errors are retryable ({@code http.5xx}, {@code http.408}, {@code http.429},
 * {@code http.io}); other 4xx are not ({@code http.4xx}).
 */
@Component
class HttpRequestStep implements StepType {

	private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

	private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private final CloseableHttpClient client;

	private final OutboundAddressPolicy policy;

	private final JsonMapper json;

	HttpRequestStep(CloseableHttpClient workflowHttpClient, OutboundAddressPolicy policy, JsonMapper json) {
		this.client = workflowHttpClient;
		this.policy = policy;
		this.json = json;
	}

	@Override
	public String name() {
		return "http.request";
	}

	@Override
	public List<String> check(StepDefinition step) {
		return step.input().containsKey("url") ? List.of() : List.of("http.request needs input.url");
	}

	@Override
	public StepResult execute(StepCall call) throws IOException {
		String method = String.valueOf(call.input().getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
		if (!METHODS.contains(method)) {
			return StepResult.failed("invalid_input", "unsupported method " + method, false);
		}
		URI uri;
		try {
			uri = this.policy.checkUrl(String.valueOf(call.input().get("url")), "url");
		}
		catch (ProblemException ex) {
			String reason = ex.errors().isEmpty() ? ex.getMessage() : ex.errors().get(0).message();
			return StepResult.failed("http.address_refused", "url " + reason, false);
		}
		HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
		Timeout timeout = Timeout.of(call.timeout());
		request
			.setConfig(RequestConfig.custom().setConnectionRequestTimeout(timeout).setResponseTimeout(timeout).build());
		request.setHeader("Idempotency-Key", call.idempotencyKey());
		if (call.input().get("headers") instanceof Map<?, ?> headers) {
			headers.forEach((name, value) -> request.setHeader(name.toString(), String.valueOf(value)));
		}
		if (call.input().containsKey("body")) {
			request.setEntity(new StringEntity(this.json.writeValueAsString(call.input().get("body")),
					ContentType.APPLICATION_JSON));
		}
		try {
			return this.client.execute(request, (response) -> {
				int status = response.getCode();
				String body = "";
				if (response.getEntity() != null) {
					try (InputStream content = response.getEntity().getContent()) {
						body = new String(content.readNBytes(MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
					}
				}
				Map<String, Object> output = new LinkedHashMap<>();
				output.put("status", status);
				output.put("body", parse(body));
				if (status >= 200 && status < 300) {
					return StepResult.completed(output);
				}
				if (status >= 500 || status == 408 || status == 429) {
					return StepResult.failed((status >= 500) ? "http.5xx" : "http." + status,
							"HTTP " + status + " from " + uri.getHost(), true);
				}
				return StepResult.failed("http.4xx", "HTTP " + status + " from " + uri.getHost(), false);
			});
		}
		catch (IOException ex) {
			return StepResult.failed("http.io", ex.getClass().getSimpleName() + ": " + ex.getMessage(), true);
		}
	}

	private Object parse(String body) {
		if (body.isEmpty()) {
			return null;
		}
		try {
			return this.json.readValue(body, Object.class);
		}
		catch (RuntimeException ex) {
			return body;
		}
	}

}
