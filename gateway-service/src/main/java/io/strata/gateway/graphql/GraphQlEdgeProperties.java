package io.strata.gateway.graphql;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * GraphQL at the edge ({@code /graphql}).
 *
 * @param workflowGrpc workflow-service's gRPC address ({@code host:port}): resources,
 * resource types, actions and operations
 * @param analyticsGrpc analytics-service's gRPC address: the resource search behind
 * {@code Query.resources}
 * @param notificationGrpc notification-service's gRPC address: the event stream behind
 * subscriptions
 * @param grpcDeadline deadline of one call to a service
 * @param maxDepth deepest selection a query may have (introspection is exempt)
 * @param maxComplexity most fields a query may select, nested ones included
 * (introspection is exempt)
 * @param maxAliases most aliased fields a query may have (each runs its field again)
 * @param maxPersistedQueries automatic persisted queries kept per instance (parsed)
 * @param allowList the persisted queries' allow-list: {@code .graphql} files, one query
 * each
 * @param allowListOnly whether only the allow-list's queries run (production apps with
 * known queries)
 * @param requestCost rate-limit tokens one GraphQL request takes from the caller's bucket
 * @param maxRequestSize largest {@code POST /graphql} body (413 above); Spring's codecs
 * buffer at most {@code spring.codec.max-in-memory-size} (256KB by default) whatever this
 * says
 * @param subscriberBuffer events a subscription may fall behind its tenant's shared
 * stream before it fails (the others go on)
 */
@ConfigurationProperties("strata.gateway.graphql")
record GraphQlEdgeProperties(String workflowGrpc, String analyticsGrpc, String notificationGrpc,
		@DefaultValue("5s") Duration grpcDeadline, @DefaultValue("10") int maxDepth,
		@DefaultValue("1000") int maxComplexity, @DefaultValue("30") int maxAliases,
		@DefaultValue("10000") long maxPersistedQueries,
		@DefaultValue("classpath*:persisted-queries/*.graphql") String allowList,
		@DefaultValue("false") boolean allowListOnly, @DefaultValue("1") long requestCost,
		@DefaultValue("256KB") DataSize maxRequestSize, @DefaultValue("1024") int subscriberBuffer) {

}
