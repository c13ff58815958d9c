package io.strata.analytics.grpc;

import java.util.Map;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.strata.analytics.resource.SearchingResources;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.PageRequest;
import io.strata.proto.analytics.v1.SearchResourcesRequest;
import io.strata.proto.analytics.v1.SearchResourcesResponse;
import io.strata.proto.analytics.v1.SearchServiceGrpc;

import org.springframework.stereotype.Service;

/**
 * {@code SearchService} for the GraphQL layer: the same search as {@code GET
 * /v2/resources}. The request names the tenant; when the caller's token carries one, it
 * must be the same (as workflow's {@code ResourceService} does). Bad input is
 * INVALID_ARGUMENT with the same text the HTTP API puts in its problem detail.
 */
@Service
class SearchGrpcService extends SearchServiceGrpc.SearchServiceImplBase {

	private final SearchingResources searching;

	SearchGrpcService(SearchingResources searching) {
		this.searching = searching;
	}

	@Override
	public void searchResources(SearchResourcesRequest request, StreamObserver<SearchResourcesResponse> responses) {
		String tenant = request.getTenantId();
		if (!TenantContext.isCallersTenant(tenant)) {
			responses.onError(Status.PERMISSION_DENIED.withDescription("not the caller's tenant").asRuntimeException());
			return;
		}
		try {
			SearchingResources.Page page = this.searching.search(tenant,
					new SearchingResources.Query(request.getFilter(), request.getQ(), request.getOrderBy(),
							PageRequest.ofMessage(request.getPageSize(), request.getPageToken()), request.getMode()));
			SearchResourcesResponse.Builder response = SearchResourcesResponse.newBuilder();
			for (Map<String, Object> item : page.items()) {
				response.addItems(SearchingResources.toProto(item));
			}
			if (page.nextPageToken() != null) {
				response.setNextPageToken(page.nextPageToken());
			}
			responses.onNext(response.build());
			responses.onCompleted();
		}
		catch (ProblemException ex) {
			Status status = ex.status().is4xxClientError() ? Status.INVALID_ARGUMENT
					: (ex.status().value() == 503) ? Status.UNAVAILABLE : Status.INTERNAL;
			responses.onError(status.withDescription(ex.getMessage()).asRuntimeException());
		}
	}

}
