package io.strata.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import io.strata.platform.mtls.MtlsChannels;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.proto.analytics.v1.SearchResourcesRequest;
import io.strata.proto.analytics.v1.SearchResourcesResponse;
import io.strata.proto.analytics.v1.SearchServiceGrpc;
import io.strata.proto.resource.v1.Resource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads the rows a model trains on: the tenant's resources of one type (and the caller's
 * filter), through analytics' {@code SearchService}, which owns the list and filter of
 * resources. The read happens while the training request is answered, with the caller's
 * own token: training sees exactly what its caller may read ({@code resources.read}), in
 * the caller's tenant, and no background job holds a credential that could read every
 * tenant. Each row is a resource's attributes as plain values.
 */
@Component
class TrainingRows implements DisposableBean {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final int PAGE = 500;

	private final ManagedChannel channel;

	private final ModelProperties properties;

	TrainingRows(MtlsChannels channels, ModelProperties properties) {
		this.channel = channels.forTarget(properties.analyticsGrpc());
		this.properties = properties;
	}

	/**
	 * Up to {@code maxTrainingRows} attribute maps of the tenant's resources of the type
	 * that match the filter.
	 */
	List<Map<String, Object>> read(String tenant, String bearerToken, String resourceType, String filter) {
		String query = "type = \"" + resourceType.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
				+ ((filter == null || filter.isBlank()) ? "" : " AND (" + filter + ")");
		SearchServiceGrpc.SearchServiceBlockingStub stub = SearchServiceGrpc.newBlockingStub(this.channel)
			.withCallCredentials(bearer(bearerToken));
		List<Map<String, Object>> rows = new ArrayList<>();
		String pageToken = "";
		do {
			SearchResourcesResponse page;
			try {
				page = stub.withDeadlineAfter(this.properties.readDeadline().toMillis(), TimeUnit.MILLISECONDS)
					.searchResources(SearchResourcesRequest.newBuilder()
						.setTenantId(tenant)
						.setFilter(query)
						.setPageSize(PAGE)
						.setPageToken(pageToken)
						.build());
			}
			catch (StatusRuntimeException ex) {
				throw problem(ex.getStatus());
			}
			for (Resource resource : page.getItemsList()) {
				if (rows.size() < this.properties.maxTrainingRows()) {
					rows.add(StructValues.of(resource.getAttributes()));
				}
			}
			pageToken = page.getNextPageToken();
		}
		while (!pageToken.isEmpty() && rows.size() < this.properties.maxTrainingRows());
		return rows;
	}

	private static ProblemException problem(Status status) {
		return switch (status.getCode()) {
			case INVALID_ARGUMENT ->
				ProblemException.invalid("The source's filter is invalid: " + status.getDescription(),
						List.of(new FieldViolation("/source/filter", String.valueOf(status.getDescription()))));
			case PERMISSION_DENIED, UNAUTHENTICATED -> ProblemException
				.forbidden("Training reads the tenant's resources: the caller needs the scope resources.read.");
			default -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Resources unavailable",
					"The tenant's resources cannot be read now (" + status.getCode() + "); try again later.");
		};
	}

	private static CallCredentials bearer(String token) {
		return new CallCredentials() {
			@Override
			public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor executor,
					MetadataApplier applier) {
				Metadata headers = new Metadata();
				headers.put(AUTHORIZATION, "Bearer " + token);
				applier.apply(headers);
			}
		};
	}

	@Override
	public void destroy() {
		this.channel.shutdownNow();
	}

}
