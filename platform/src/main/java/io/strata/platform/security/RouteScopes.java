package io.strata.platform.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one route → scope table: the gateway checks it at the edge, and every service
 * checks it again ({@link ServletResourceServerConfiguration}), so a call that skips the
 * gateway gets the same answer (zero trust). Reads (GET, HEAD, OPTIONS) accept any scope
 * of {@code read}; every other method needs one of {@code write}. A rule without
 * {@code write} scopes leaves writes to the owning service's own checks (analytics' admin
 * endpoints), as do routes the table does not name (identity checks rights per endpoint).
 * <p>
 * gRPC methods have their table too ({@link #grpcMethod}), enforced by every service's
 * gRPC resource server ({@link GrpcResourceServerConfiguration}): gRPC calls do not pass
 * the gateway, and the same data must need the same scopes by either way in.
 */
public final class RouteScopes {

	public static final String RESOURCES_READ = "resources.read";

	public static final String RESOURCES_WRITE = "resources.write";

	public static final String ANALYTICS_READ = "analytics.read";

	public static final String WEBHOOKS_READ = "webhooks.read";

	public static final String WEBHOOKS_WRITE = "webhooks.write";

	public static final String ML_READ = "ml.read";

	public static final String ML_WRITE = "ml.write";

	/**
	 * Administers a tenant's identity (users, clients, keys); reads events about people.
	 */
	public static final String IDENTITY_ADMIN = "identity.admin";

	/**
	 * Operates the platform's identity: every tenant, the signing keys (a client's
	 * {@code platform-admin}).
	 */
	public static final String IDENTITY_KEYS = "identity.keys";

	/** Operates analytics: rebuilds the read model (checked by analytics itself). */
	public static final String ANALYTICS_ADMIN = "analytics.admin";

	/** Every API scope the table asks for, e.g. for the roles that grant them all. */
	public static final List<String> API_SCOPES = List.of(RESOURCES_READ, RESOURCES_WRITE, ANALYTICS_READ,
			WEBHOOKS_READ, WEBHOOKS_WRITE, ML_READ, ML_WRITE);

	private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	private static final List<Rule> RULES = List.of(
			new Rule(
					paths("/v2/resource-types", "/v2/resource-types/**", "/v2/resources", "/v2/resources/**",
							"/v2/operations/**", "/v2/workflows", "/v2/workflows/**"),
					Set.of(RESOURCES_READ, RESOURCES_WRITE), Set.of(RESOURCES_WRITE)),
			// analytics' admin endpoints (rebuild) check analytics.admin themselves
			new Rule(paths("/v2/analytics/admin", "/v2/analytics/admin/**"), Set.of(), Set.of()),
			new Rule(paths("/v2/analytics/**"), Set.of(ANALYTICS_READ), Set.of()),
			// embedding is a POST that changes nothing, as its gRPC twin Embed is a read
			new Rule(paths("/v2/ml/embeddings"), Set.of(ML_READ, ML_WRITE), Set.of(ML_READ, ML_WRITE)),
			// predicting is a POST that changes nothing, as its gRPC twin Predict is a
			// read
			new Rule(paths("/v2/ml/models/*/predict"), Set.of(ML_READ, ML_WRITE), Set.of(ML_READ, ML_WRITE)),
			new Rule(paths("/v2/ml/**"), Set.of(ML_READ, ML_WRITE), Set.of(ML_WRITE)),
			new Rule(paths("/v2/webhooks", "/v2/webhooks/**"), Set.of(WEBHOOKS_READ, WEBHOOKS_WRITE),
					Set.of(WEBHOOKS_WRITE)),
			// the live event stream: whoever may read some of the tenant's events; which
			// events each caller receives is EventScopes' business
			new Rule(paths("/v2/notifications/**"),
					Set.of(RESOURCES_READ, RESOURCES_WRITE, WEBHOOKS_READ, WEBHOOKS_WRITE), Set.of()));

	private static final Set<String> RESOURCE_READS = Set.of(RESOURCES_READ, RESOURCES_WRITE);

	/**
	 * gRPC method ({@code package.Service/Method}) → scopes, any of which grants it; each
	 * as its REST twin asks (a search is {@code GET /v2/resources}, starting an action a
	 * {@code POST}). Methods not named here need only a valid token (a service's public
	 * methods, such as identity's ResolveApiKey, not even that).
	 */
	private static final Map<String, Set<String>> GRPC_METHODS = Map.ofEntries(
			Map.entry("strata.resource.v1.ResourceService/GetResource", RESOURCE_READS),
			Map.entry("strata.resource.v1.ResourceService/GetResourceType", RESOURCE_READS),
			Map.entry("strata.resource.v1.ResourceService/ListResourceTypes", RESOURCE_READS),
			Map.entry("strata.resource.v1.ResourceService/BatchGetResourceTypes", RESOURCE_READS),
			Map.entry("strata.resource.v1.ResourceService/CreateResource", Set.of(RESOURCES_WRITE)),
			Map.entry("strata.resource.v1.ResourceService/UpdateResource", Set.of(RESOURCES_WRITE)),
			Map.entry("strata.resource.v1.ResourceService/DeleteResource", Set.of(RESOURCES_WRITE)),
			Map.entry("strata.workflow.v1.WorkflowService/GetOperation", RESOURCE_READS),
			Map.entry("strata.workflow.v1.WorkflowService/StartAction", Set.of(RESOURCES_WRITE)),
			Map.entry("strata.analytics.v1.SearchService/SearchResources", RESOURCE_READS),
			Map.entry("strata.ml.v1.InferenceService/Predict", Set.of(ML_READ, ML_WRITE)),
			Map.entry("strata.ml.v1.InferenceService/Embed", Set.of(ML_READ, ML_WRITE)),
			// identity's REST shows users to admins only; admins' tokens carry this scope
			Map.entry("strata.identity.v1.IdentityService/GetUser", Set.of(IDENTITY_ADMIN)));

	private RouteScopes() {
	}

	/**
	 * The scopes of which the caller needs one for this request, or empty when the table
	 * asks for none (the owning service decides).
	 * @param method the request's method
	 * @param path the request's path within the application (still encoded: matching
	 * decodes each segment, so {@code /v2/%77ebhooks} is {@code /v2/webhooks})
	 */
	public static Optional<Set<String>> required(HttpMethod method, PathContainer path) {
		for (Rule rule : RULES) {
			if (rule.paths().stream().anyMatch((pattern) -> pattern.matches(path))) {
				Set<String> scopes = READS.contains(method) ? rule.read() : rule.write();
				return scopes.isEmpty() ? Optional.empty() : Optional.of(scopes);
			}
		}
		return Optional.empty();
	}

	/**
	 * The scopes of which the caller needs one for this gRPC method, or empty when the
	 * table asks for none (a valid token suffices).
	 * @param method the full method name, {@code package.Service/Method}
	 */
	public static Optional<Set<String>> grpcMethod(String method) {
		return Optional.ofNullable(GRPC_METHODS.get(method));
	}

	/** Every gRPC method the table names, with its scopes. */
	public static Map<String, Set<String>> grpcMethods() {
		return GRPC_METHODS;
	}

	/** Whether the granted scopes include one of the required ones. */
	public static boolean grants(Collection<String> granted, Set<String> required) {
		return granted.stream().anyMatch(required::contains);
	}

	/** The problem detail of a 403, the same at the gateway and in every service. */
	public static String missingScopeDetail(Set<String> required) {
		return "This route needs one of the scopes: " + String.join(" ", required.stream().sorted().toList());
	}

	private static List<PathPattern> paths(String... patterns) {
		return Arrays.stream(patterns).map(PathPatternParser.defaultInstance::parse).toList();
	}

	private record Rule(List<PathPattern> paths, Set<String> read, Set<String> write) {

	}

}
