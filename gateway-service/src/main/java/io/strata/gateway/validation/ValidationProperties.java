package io.strata.gateway.validation;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Request body checks at the edge.
 *
 * @param maxBodySize larger bodies are refused with 413 before they are read whole
 * @param maxDepth deeper JSON nesting is refused with 400 (parsers and services recurse)
 * @param jsonPaths paths whose bodies must be JSON (others, such as the form-encoded
 * OAuth token endpoint, pass unchanged)
 * @param workflowGrpc workflow-service's gRPC address, for tenants' resource-type schemas
 * @param resourceTypeCacheTtl how long a fetched resource-type schema is used at most
 * (resource-type events evict it sooner)
 * @param grpcDeadline deadline of one call to workflow
 */
@ConfigurationProperties("strata.gateway.validation")
public record ValidationProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("64") int maxDepth,
		@DefaultValue( {
				"/v2/**", "/scim/v2/**" }) List<String> jsonPaths,
		String workflowGrpc, @DefaultValue("5m") Duration resourceTypeCacheTtl,
		@DefaultValue("2s") Duration grpcDeadline){

}
