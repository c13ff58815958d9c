package io.strata.notification.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.GrpcProblems;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.strata.proto.notification.v1.CreateWebhookEndpointRequest;
import io.strata.proto.notification.v1.DeleteWebhookEndpointRequest;
import io.strata.proto.notification.v1.DeleteWebhookEndpointResponse;
import io.strata.proto.notification.v1.GetWebhookEndpointRequest;
import io.strata.proto.notification.v1.ListWebhookEndpointsRequest;
import io.strata.proto.notification.v1.ListWebhookEndpointsResponse;
import io.strata.proto.notification.v1.UpdateWebhookEndpointRequest;
import io.strata.proto.notification.v1.WebhookEndpoint;
import io.strata.proto.notification.v1.WebhookServiceGrpc;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Service;

/**
 * {@code WebhookService}, the gRPC twin of {@code /v2/webhooks} for the gateway's
 * GraphQL: the same use cases ({@link RegisteringEndpoints}, {@link ManagingEndpoints}),
 * the same bean validation of the same request records, the same scopes (the platform's
 * route table for {@code /v2/webhooks}, read and write). A refusal carries the REST
 * problem's type as {@code ErrorInfo} reason and its field pointers as
 * {@code BadRequest}.
 */
@Service
class EndpointGrpcService extends WebhookServiceGrpc.WebhookServiceImplBase {

	private static final String ROUTE = "/v2/webhooks";

	private final RegisteringEndpoints registering;

	private final ManagingEndpoints managing;

	private final Validator validator;

	EndpointGrpcService(RegisteringEndpoints registering, ManagingEndpoints managing, Validator validator) {
		this.registering = registering;
		this.managing = managing;
		this.validator = validator;
	}

	@Override
	public void listWebhookEndpoints(ListWebhookEndpointsRequest request,
			StreamObserver<ListWebhookEndpointsResponse> responses) {
		answer(responses, HttpMethod.GET, request.getTenantId(), () -> {
			Page<Endpoint> page = this.managing
				.list(PageRequest.ofMessage(request.getPageSize(), request.getPageToken()));
			ListWebhookEndpointsResponse.Builder response = ListWebhookEndpointsResponse.newBuilder();
			page.items().forEach((endpoint) -> response.addEndpoints(proto(endpoint, null)));
			if (page.nextPageToken() != null) {
				response.setNextPageToken(page.nextPageToken());
			}
			return response.build();
		});
	}

	@Override
	public void getWebhookEndpoint(GetWebhookEndpointRequest request, StreamObserver<WebhookEndpoint> responses) {
		answer(responses, HttpMethod.GET, request.getTenantId(), () -> proto(this.managing.get(request.getId()), null));
	}

	@Override
	public void createWebhookEndpoint(CreateWebhookEndpointRequest request, StreamObserver<WebhookEndpoint> responses) {
		answer(responses, HttpMethod.POST, request.getTenantId(), () -> {
			EndpointRequests.Register register = valid(new EndpointRequests.Register(request.getUrl(),
					request.getEventTypesList(), request.getDescription().isEmpty() ? null : request.getDescription(),
					request.hasRateLimitPerSecond() ? request.getRateLimitPerSecond() : null,
					request.getMetadataCount() > 0 ? request.getMetadataMap() : null));
			RegisteringEndpoints.Registered registered = this.registering.register(register);
			return proto(registered.endpoint(), registered.secret());
		});
	}

	@Override
	public void updateWebhookEndpoint(UpdateWebhookEndpointRequest request, StreamObserver<WebhookEndpoint> responses) {
		answer(responses, HttpMethod.PATCH, request.getTenantId(), () -> {
			EndpointRequests.Update update = valid(
					new EndpointRequests.Update(request.hasUrl() ? request.getUrl() : null,
							request.hasEventTypes() ? request.getEventTypes().getValuesList() : null,
							request.hasDescription() ? request.getDescription() : null,
							request.hasRateLimitPerSecond() ? request.getRateLimitPerSecond() : null,
							request.hasMetadata() ? request.getMetadata().getValuesMap() : null));
			return proto(this.managing.update(request.getId(), update, ifMatch(request.getIfMatch())), null);
		});
	}

	@Override
	public void deleteWebhookEndpoint(DeleteWebhookEndpointRequest request,
			StreamObserver<DeleteWebhookEndpointResponse> responses) {
		answer(responses, HttpMethod.DELETE, request.getTenantId(), () -> {
			this.managing.delete(request.getId(), ifMatch(request.getIfMatch()));
			return DeleteWebhookEndpointResponse.getDefaultInstance();
		});
	}

	/**
	 * Checks what the REST route would (scope, tenant), runs the use case and answers; a
	 * problem becomes the matching gRPC status.
	 */
	private static <T> void answer(StreamObserver<T> responses, HttpMethod method, String tenant, Supplier<T> useCase) {
		try {
			Caller.current().requireAsRoute(method, ROUTE, tenant);
			T answer = useCase.get();
			responses.onNext(answer);
			responses.onCompleted();
		}
		catch (ProblemException ex) {
			responses.onError(GrpcProblems.of(ex));
		}
	}

	private <T> T valid(T request) {
		Set<ConstraintViolation<T>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			List<FieldViolation> errors = new ArrayList<>(violations.stream()
				.map((violation) -> FieldViolation.ofPath(snakeCase(violation.getPropertyPath().toString()),
						violation.getMessage()))
				.toList());
			errors.sort(Comparator.comparing(FieldViolation::pointer));
			throw ProblemException.invalid("The request has " + errors.size() + " invalid field(s).", errors);
		}
		return request;
	}

	/** {@code "3"}, {@code 3} or {@code *}; empty: no check, as REST without If-Match. */
	private static String ifMatch(String ifMatch) {
		String trimmed = ifMatch.trim();
		if (trimmed.isEmpty()) {
			return null;
		}
		return trimmed.chars().allMatch(Character::isDigit) ? "\"" + trimmed + "\"" : trimmed;
	}

	private static String snakeCase(String path) {
		return path.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
			.toLowerCase(java.util.Locale.ROOT)
			.replaceAll("<[^>]*>", "");
	}

	private static WebhookEndpoint proto(Endpoint endpoint, String secret) {
		WebhookEndpoint.Builder proto = WebhookEndpoint.newBuilder()
			.setId(endpoint.id())
			.setTenantId(endpoint.tenantId())
			.setUrl(endpoint.url())
			.setDescription((endpoint.description() != null) ? endpoint.description() : "")
			.addAllEventTypes(endpoint.eventTypes())
			.setStatus(endpoint.status())
			.setDisabledReason((endpoint.disabledReason() != null) ? endpoint.disabledReason() : "")
			.setVersion(endpoint.version())
			.setCreatedAt(timestamp(endpoint.createdAt()))
			.setUpdatedAt(timestamp(endpoint.updatedAt()));
		if (endpoint.rateLimitPerSecond() != null) {
			proto.setRateLimitPerSecond(endpoint.rateLimitPerSecond());
		}
		if (endpoint.metadata() != null) {
			for (Map.Entry<String, Object> entry : endpoint.metadata().entrySet()) {
				proto.putMetadata(entry.getKey(), String.valueOf(entry.getValue()));
			}
		}
		if (secret != null) {
			proto.setSecret(secret);
		}
		return proto.build();
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
