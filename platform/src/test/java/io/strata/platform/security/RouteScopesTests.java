package io.strata.platform.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.grpc.MethodDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.strata.proto.analytics.v1.SearchServiceGrpc;
import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.workflow.v1.WorkflowServiceGrpc;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

import static org.assertj.core.api.Assertions.assertThat;

/** The one route → scope table (REST and gRPC) and the one event → scope table. */
class RouteScopesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			GET    | /v2/resources                 | resources.read resources.write
			POST   | /v2/resources                 | resources.write
			DELETE | /v2/resources/res_1           | resources.write
			POST   | /v2/resource-types            | resources.write
			GET    | /v2/operations/op_1           | resources.read resources.write
			POST   | /v2/webhooks/register         | webhooks.write
			POST   | /v2/%77ebhooks/register       | webhooks.write
			POST   | /v2/webhooks;x=y/register     | webhooks.write
			GET    | /v2/webhooks                  | webhooks.read webhooks.write
			GET    | /v2/analytics/metrics         | analytics.read
			POST   | /v2/analytics/admin/rebuild   |
			GET    | /v2/analytics/admin/rebuild/1 |
			POST   | /v2/ml/models                 | ml.write
			GET    | /v2/ml/models                 | ml.read ml.write
			GET    | /v2/ml/models/churn/versions  | ml.read ml.write
			POST   | /v2/ml/embeddings             | ml.read ml.write
			POST   | /v2/ml/models/churn/predict   | ml.read ml.write
			PUT    | /v2/ml/models/churn/aliases/production | ml.write
			GET    | /v2/notifications/stream      | resources.read resources.write webhooks.read webhooks.write
			POST   | /v2/users                     |
			GET    | /actuator/health              |
			""")
	void namesTheScopesOfEachRoute(String method, String path, String scopes) {
		Optional<Set<String>> required = RouteScopes.required(HttpMethod.valueOf(method),
				PathContainer.parsePath(path));
		if (scopes == null) {
			assertThat(required).isEmpty();
		}
		else {
			assertThat(required).contains(Set.of(scopes.split(" ")));
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			resource.created            | resources.read  | true
			workflow.run_finished       | resources.read  | true
			identity.user.created       | resources.read  | false
			identity.user.created       | identity.admin  | true
			webhook.test                | webhooks.read   | true
			ml.model.trained            | resources.write | false
			unknown.thing               | identity.admin  | false
			""")
	void letsEachEventTypeReachOnlyItsReaders(String type, String scope, boolean readable) {
		assertThat(EventScopes.mayRead(type, Set.of(scope))).isEqualTo(readable);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			strata.resource.v1.ResourceService/GetResource     | resources.read resources.write
			strata.resource.v1.ResourceService/GetResourceType | resources.read resources.write
			strata.resource.v1.ResourceService/ListResourceTypes | resources.read resources.write
			strata.resource.v1.ResourceService/BatchGetResourceTypes | resources.read resources.write
			strata.resource.v1.ResourceService/CreateResource  | resources.write
			strata.resource.v1.ResourceService/UpdateResource  | resources.write
			strata.resource.v1.ResourceService/DeleteResource  | resources.write
			strata.workflow.v1.WorkflowService/GetOperation    | resources.read resources.write
			strata.workflow.v1.WorkflowService/StartAction     | resources.write
			strata.analytics.v1.SearchService/SearchResources  | resources.read resources.write
			strata.ml.v1.InferenceService/Predict              | ml.read ml.write
			strata.ml.v1.InferenceService/Embed                | ml.read ml.write
			strata.identity.v1.IdentityService/GetUser         | identity.admin
			strata.identity.v1.IdentityService/ResolveApiKey   |
			strata.identity.v1.IdentityService/GetTenantStatus |
			grpc.health.v1.Health/Check                        |
			strata.workflow.v1.WorkflowService/startaction     |
			""")
	void namesTheScopesOfEachGrpcMethod(String method, String scopes) {
		Optional<Set<String>> required = RouteScopes.grpcMethod(method);
		if (scopes == null) {
			assertThat(required).isEmpty();
		}
		else {
			assertThat(required).contains(Set.of(scopes.split(" ")));
		}
	}

	/** A misspelt name would leave its method open to any valid token. */
	@Test
	void namesOnlyMethodsTheProtosDeclare() {
		Set<String> declared = Stream
			.of(ResourceServiceGrpc.getServiceDescriptor(), WorkflowServiceGrpc.getServiceDescriptor(),
					SearchServiceGrpc.getServiceDescriptor(), InferenceServiceGrpc.getServiceDescriptor(),
					IdentityServiceGrpc.getServiceDescriptor())
			.flatMap((service) -> service.getMethods().stream())
			.map(MethodDescriptor::getFullMethodName)
			.collect(Collectors.toSet());
		assertThat(declared).containsAll(RouteScopes.grpcMethods().keySet());
	}

}
