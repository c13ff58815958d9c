package io.strata.platform.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.strata.platform.security.PublicRoutes;
import io.strata.platform.security.RouteScopes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem.HttpMethod;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.http.server.PathContainer;

/**
 * The API conventions of ARCHITECTURE §3, written into every service's OpenAPI document
 * from the same rules the platform enforces, so that no controller repeats them and the
 * document cannot drift from the wire: each operation's scopes come from
 * {@link RouteScopes} (none for {@link PublicRoutes}); its problem+json answers, the
 * {@code Idempotency-Key} of every POST and PATCH, the {@code RateLimit} headers of every
 * answer, {@code ETag} on what can be updated with {@code If-Match}, and the meaning of
 * the page parameters follow from its method, path and parameters.
 */
final class ApiConventions implements GlobalOpenApiCustomizer {

	static final String PROBLEM = "Problem";

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String HEADERS = "#/components/headers/";

	private static final String RESPONSES = "#/components/responses/";

	private final String title;

	private final String version;

	private final String publicUrl;

	ApiConventions(String title, String version, String publicUrl) {
		this.title = title;
		this.version = version;
		this.publicUrl = publicUrl;
	}

	@Override
	public void customise(OpenAPI openApi) {
		openApi.info(new Info().title(this.title)
			.version(this.version)
			.description("Strata's REST API. Conventions: " + this.publicUrl
					+ " (JSON in snake_case, RFC 9457 problems, AIP-160 filters, page tokens, "
					+ "an optional If-Match on updates and deletes, Idempotency-Key on POST and PATCH)."));
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.components(components);
		components.addSchemas(PROBLEM, problemSchema());
		securitySchemes(components);
		headers(components);
		problemResponses(components);
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().forEach((path, item) -> {
			Set<String> updatable = updatablePaths(openApi, path);
			item.readOperationsMap().forEach((method, operation) -> {
				security(path, method, operation);
				parameters(method, operation);
				responses(path, method, operation, !updatable.isEmpty());
			});
		});
	}

	private static Set<String> updatablePaths(OpenAPI openApi, String path) {
		// a path whose answers carry an ETag: one that takes If-Match, or the collection
		// whose POST creates such an item (path + "/{id}")
		return openApi.getPaths()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equals(path)
					|| (entry.getKey().startsWith(path + "/{") && entry.getKey().indexOf('/', path.length() + 1) < 0))
			.filter((entry) -> entry.getValue()
				.readOperations()
				.stream()
				.anyMatch((operation) -> hasHeader(operation, "If-Match")))
			.map(Map.Entry::getKey)
			.collect(java.util.stream.Collectors.toSet());
	}

	private void security(String path, HttpMethod method, Operation operation) {
		if (PublicRoutes.isPublic(path)) {
			operation.setSecurity(List.of());
			return;
		}
		List<String> scopes = RouteScopes
			.required(org.springframework.http.HttpMethod.valueOf(method.name()), PathContainer.parsePath(path))
			.map((required) -> required.stream().sorted().toList())
			.orElse(List.of());
		operation.setSecurity(List.of(new SecurityRequirement().addList("oauth2", scopes),
				new SecurityRequirement().addList("bearer", scopes),
				new SecurityRequirement().addList("api_key", scopes)));
	}

	private static void parameters(HttpMethod method, Operation operation) {
		if ((method == HttpMethod.POST || method == HttpMethod.PATCH) && !hasHeader(operation, "Idempotency-Key")) {
			operation.addParametersItem(new Parameter().in("header")
				.name("Idempotency-Key")
				.required(false)
				.description("Makes the request safe to retry: the same key with the same body replays the first "
						+ "answer (with Idempotent-Replayed: true) for 24 h; with another body 422; while the first "
						+ "is still running 409. Keys belong to the tenant and the caller.")
				.schema(new JsonSchema().types(types("string")).minLength(1).maxLength(255)));
		}
		if (operation.getParameters() == null) {
			return;
		}
		for (Parameter parameter : operation.getParameters()) {
			switch (parameter.getName()) {
				case "page_size" -> {
					parameter.description("Items per page, 1 to 500 (default 50).");
					parameter.schema(new JsonSchema().types(types("integer"))
						.format("int32")
						.minimum(java.math.BigDecimal.ONE)
						.maximum(java.math.BigDecimal.valueOf(500)));
				}
				case "page_token" ->
					parameter.description("The next_page_token of the previous page; absent for the first page.");
				case "filter" -> parameter.description("An AIP-160 filter, e.g. state = \"open\" AND priority >= 3.");
				case "order_by" ->
					parameter.description("Comma-separated fields, each optionally followed by asc or desc.");
				case "If-Match" -> parameter.description(
						"Optional: the ETag of the version this change is based on (or *, or a list); a stale one is a 412.");
				default -> {
				}
			}
		}
	}

	private static void responses(String path, HttpMethod method, Operation operation, boolean carriesEtag) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
		boolean hasBody = operation.getRequestBody() != null;
		boolean hasInput = hasBody || (operation.getParameters() != null && !operation.getParameters().isEmpty());
		boolean write = method == HttpMethod.POST || method == HttpMethod.PATCH;
		responses.forEach((status, response) -> {
			if (status.startsWith("2")) {
				addHeader(response, "RateLimit");
				addHeader(response, "RateLimit-Policy");
				if (carriesEtag && method != HttpMethod.DELETE) {
					addHeader(response, "ETag");
				}
				if (write) {
					addHeader(response, "Idempotent-Replayed");
				}
			}
		});
		Map<String, String> problems = new TreeMap<>();
		if (hasInput) {
			problems.put("400", "BadRequest");
		}
		// public routes answer 401 too: bad credentials, an expired challenge or refresh
		// token
		problems.put("401", "Unauthorized");
		if (secured) {
			problems.put("403", "Forbidden");
		}
		if (path.contains("{")) {
			problems.put("404", "NotFound");
		}
		if (hasBody) {
			problems.put("413", "ContentTooLarge");
			problems.put("415", "UnsupportedMediaType");
		}
		if (write) {
			problems.put("409", "Conflict");
			problems.put("422", "UnprocessableContent");
			problems.put("503", "ServiceUnavailable");
		}
		if (hasHeader(operation, "If-Match")) {
			problems.put("412", "PreconditionFailed");
		}
		problems.put("429", "TooManyRequests");
		problems.forEach((status, name) -> {
			if (!responses.containsKey(status)) {
				responses.addApiResponse(status, new ApiResponse().$ref(RESPONSES + name));
			}
		});
	}

	private static boolean hasHeader(Operation operation, String name) {
		return operation.getParameters() != null && operation.getParameters()
			.stream()
			.anyMatch((parameter) -> "header".equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName()));
	}

	private static void addHeader(ApiResponse response, String name) {
		if (response.get$ref() == null && (response.getHeaders() == null || !response.getHeaders().containsKey(name))) {
			response.addHeaderObject(name, new Header().$ref(HEADERS + name));
		}
	}

	private void securitySchemes(Components components) {
		Scopes scopes = new Scopes();
		RouteScopes.API_SCOPES.forEach((scope) -> scopes.addString(scope, "Strata API scope " + scope));
		scopes.addString(RouteScopes.IDENTITY_ADMIN, "Administers the tenant's identity: users, clients, keys");
		components.addSecuritySchemes("oauth2", new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
			.description("OAuth2 client credentials: POST /oauth2/token; a request without scope gets the client's "
					+ "registered scopes.")
			.flows(new OAuthFlows()
				.clientCredentials(new OAuthFlow().tokenUrl(this.publicUrl + "/oauth2/token").scopes(scopes))));
		components.addSecuritySchemes("bearer",
				new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("An access token from POST /v2/auth/login or POST /oauth2/token."));
		components.addSecuritySchemes("api_key",
				new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("X-API-Key")
					.description("An API key (sk_...) from POST /v2/api-keys."));
	}

	private static void headers(Components components) {
		components.addHeaders("RateLimit", header(
				"The caller's remaining quota (IETF RateLimit fields), " + "e.g. \"default\";r=99;t=1.", "string"));
		components.addHeaders("RateLimit-Policy",
				header("The tenant's rate limit policy, e.g. \"default\";q=100;w=1.", "string"));
		components.addHeaders("Retry-After", header("Seconds to wait before retrying.", "integer"));
		components.addHeaders("ETag",
				header("The version of the answered item; send it as If-Match to change it.", "string"));
		components.addHeaders("Idempotent-Replayed", header(
				"true when this is the stored answer of an earlier request with the same Idempotency-Key.", "boolean"));
	}

	private static Header header(String description, String type) {
		return new Header().description(description).schema(new JsonSchema().types(Set.of(type)));
	}

	private static void problemResponses(Components components) {
		Map<String, String> descriptions = new LinkedHashMap<>();
		descriptions.put("BadRequest", "The request is malformed or invalid; errors[] points at each field.");
		descriptions.put("Unauthorized", "No valid token, API key or credentials.");
		descriptions.put("Forbidden", "The token lacks the scope or role this needs, or the tenant is suspended.");
		descriptions.put("NotFound", "No such item in the caller's tenant.");
		descriptions.put("Conflict",
				"The item's state forbids this, or a request with the same Idempotency-Key is still running.");
		descriptions.put("PreconditionFailed", "If-Match names an older version: read the item again.");
		descriptions.put("ContentTooLarge", "The body is larger than the platform accepts.");
		descriptions.put("UnsupportedMediaType", "The body is not application/json.");
		descriptions.put("UnprocessableContent", "The Idempotency-Key was used before with another body.");
		descriptions.put("TooManyRequests", "Rate limited: wait Retry-After seconds.");
		descriptions.put("ServiceUnavailable", "Briefly unavailable: retry after Retry-After seconds (same key).");
		descriptions.forEach((name, description) -> {
			ApiResponse response = new ApiResponse().description(description)
				.content(new Content().addMediaType(PROBLEM_JSON,
						new MediaType().schema(new JsonSchema().$ref("#/components/schemas/" + PROBLEM))));
			if (name.equals("TooManyRequests") || name.equals("ServiceUnavailable")) {
				response.addHeaderObject("Retry-After", new Header().$ref(HEADERS + "Retry-After"));
			}
			if (name.equals("TooManyRequests")) {
				response.addHeaderObject("RateLimit", new Header().$ref(HEADERS + "RateLimit"));
				response.addHeaderObject("RateLimit-Policy", new Header().$ref(HEADERS + "RateLimit-Policy"));
			}
			components.addResponses(name, response);
		});
	}

	private static Schema<?> problemSchema() {
		Map<String, Schema> properties = new LinkedHashMap<>();
		properties.put("type", string("A URI naming the kind of problem.").example("about:blank"));
		properties.put("title", string("A short summary of the kind of problem.").example("Not Found"));
		properties.put("status", new JsonSchema().types(types("integer")).description("The HTTP status.").example(404));
		properties.put("detail",
				new JsonSchema().types(types("string", "null")).description("What went wrong with this request."));
		properties.put("instance",
				new JsonSchema().types(types("string", "null")).description("The path of the request."));
		properties.put("traceId", new JsonSchema().types(types("string", "null"))
			.description("The trace id of the request, for support and logs."));
		Map<String, Schema> violation = new LinkedHashMap<>();
		violation.put("pointer", string("A JSON pointer to the offending field, e.g. /attributes/title."));
		violation.put("message", string("What is wrong with it."));
		properties.put("errors",
				new JsonSchema().types(types("array"))
					.description("For validation problems: one entry per invalid field.")
					.items(new JsonSchema().types(types("object"))
						.properties(violation)
						.required(new ArrayList<>(violation.keySet()))));
		return new JsonSchema().types(types("object"))
			.description("An RFC 9457 problem; every error of the platform has this shape.")
			.properties(properties)
			.required(List.of("type", "title", "status"));
	}

	/** Types in the order given: the document must be the same bytes on every start. */
	private static Set<String> types(String... types) {
		return new LinkedHashSet<>(List.of(types));
	}

	private static Schema<?> string(String description) {
		return new JsonSchema().types(types("string")).description(description);
	}

}
