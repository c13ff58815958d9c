package io.strata.gateway.validation;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Schema;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.strata.gateway.grpc.GrpcMono;
import io.strata.platform.mtls.MtlsChannels;
import io.strata.proto.resource.v1.GetResourceTypeRequest;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.resource.v1.ResourceType;

import org.springframework.beans.factory.DisposableBean;

/**
 * Tenants' resource-type schemas, fetched from workflow-service over gRPC
 * ({@code ResourceService.GetResourceType}), compiled once and cached until a
 * resource-type event evicts them (or, as a safety net, for
 * {@code resourceTypeCacheTtl}). An unknown type is cached as unknown briefly; workflow
 * being down is not cached and lets the request through unvalidated (the service
 * validates again).
 */
final class ResourceTypeSchemas implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ResourceTypeSchemas.class);

	private static final Duration UNKNOWN_TTL = Duration.ofSeconds(5);

	private final ManagedChannel channel;

	private final ResourceServiceGrpc.ResourceServiceStub workflow;

	private final RequestSchemas schemas;

	private final Duration deadline;

	private final JsonMapper json = JsonMapper.builder().build();

	private final AsyncCache<TypeKey, Optional<Schema>> cache;

	ResourceTypeSchemas(ValidationProperties properties, RequestSchemas schemas, MtlsChannels channels) {
		this.channel = channels.forTarget(properties.workflowGrpc());
		this.workflow = ResourceServiceGrpc.newStub(this.channel);
		this.schemas = schemas;
		this.deadline = properties.grpcDeadline();
		Duration ttl = properties.resourceTypeCacheTtl();
		this.cache = Caffeine.newBuilder()
			.maximumSize(50_000)
			.expireAfter(com.github.benmanes.caffeine.cache.Expiry
				.<TypeKey, Optional<Schema>>creating((key, value) -> value.isPresent() ? ttl : UNKNOWN_TTL))
			.buildAsync();
	}

	/**
	 * The schema of the tenant's current type: empty when the type does not exist; an
	 * error when workflow cannot tell. Workflow checks the caller's token (zero trust),
	 * so the call carries the caller's {@code Authorization}; the schema is cached per
	 * tenant.
	 */
	Mono<Optional<Schema>> schema(String tenantId, String typeName, String authorization) {
		TypeKey key = new TypeKey(tenantId, typeName);
		return Mono.fromFuture(() -> this.cache.get(key, (k, executor) -> fetch(k, authorization).toFuture()), true);
	}

	void evict(String tenantId, String typeName) {
		this.cache.synchronous().invalidate(new TypeKey(tenantId, typeName));
	}

	void evictTenant(String tenantId) {
		this.cache.synchronous().asMap().keySet().removeIf((key) -> key.tenantId().equals(tenantId));
	}

	private Mono<Optional<Schema>> fetch(TypeKey key, String authorization) {
		Metadata headers = new Metadata();
		if (authorization != null) {
			headers.put(AUTHORIZATION, authorization);
		}
		GetResourceTypeRequest request = GetResourceTypeRequest.newBuilder()
			.setTenantId(key.tenantId())
			.setName(key.name())
			.build();
		return GrpcMono
			.<ResourceType>unary(
					(observer) -> this.workflow.withDeadlineAfter(this.deadline.toMillis(), TimeUnit.MILLISECONDS)
						.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
						.getResourceType(request, observer))
			.map((type) -> (type.getRetired() || type.getSchemaJson().isBlank()) ? Optional.<Schema>empty()
					: Optional.of(this.schemas.compile(this.json.readTree(type.getSchemaJson()))))
			.onErrorResume(StatusRuntimeException.class, (ex) -> {
				if (ex.getStatus().getCode() == Status.Code.NOT_FOUND) {
					return Mono.just(Optional.empty());
				}
				log.warn("Workflow could not give resource type {} of tenant {}: {}", key.name(), key.tenantId(),
						ex.getStatus());
				return Mono.error(ex);
			});
	}

	@Override
	public void destroy() {
		this.channel.shutdownNow();
	}

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	record TypeKey(String tenantId, String name) {
	}

}
