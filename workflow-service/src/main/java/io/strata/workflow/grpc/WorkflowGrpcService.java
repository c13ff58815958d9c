package io.strata.workflow.grpc;

import java.util.List;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.proto.workflow.v1.ActionRejection;
import io.strata.proto.workflow.v1.GetOperationRequest;
import io.strata.proto.workflow.v1.Operation;
import io.strata.proto.workflow.v1.StartActionRequest;
import io.strata.proto.workflow.v1.StartActionResponse;
import io.strata.proto.workflow.v1.WorkflowServiceGrpc;
import io.strata.workflow.engine.ReadingRuns;
import io.strata.workflow.engine.WorkflowEvents;
import io.strata.workflow.operation.StartingActions;

import org.springframework.stereotype.Service;

/**
 * {@code WorkflowService} for the gateway and GraphQL: starts an action (the same use
 * case as {@code POST /v2/resources/actions}) and reads an operation. The request's
 * tenant must be the one of the caller's token ({@code tid}); otherwise the caller learns
 * nothing (NOT_FOUND), as over HTTP. Unlike a read, a token without a tenant never acts.
 */
@Service
class WorkflowGrpcService extends WorkflowServiceGrpc.WorkflowServiceImplBase {

	private final StartingActions starting;

	private final ReadingRuns runs;

	private final JsonMapper json;

	WorkflowGrpcService(StartingActions starting, ReadingRuns runs, JsonMapper json) {
		this.starting = starting;
		this.runs = runs;
		this.json = json;
	}

	@Override
	public void startAction(StartActionRequest request, StreamObserver<StartActionResponse> responses) {
		if (!TenantContext.isCallersTenant(request.getTenantId())) {
			responses.onError(Status.NOT_FOUND.withDescription("no such tenant").asRuntimeException());
			return;
		}
		List<StartingActions.Started> results;
		try {
			results = this.starting.start(request.getTenantId(), request.getAction(), request.getResourceIdsList(),
					input(request));
		}
		catch (ProblemException ex) {
			responses.onError(GrpcProblems.of(ex));
			return;
		}
		StartActionResponse.Builder response = StartActionResponse.newBuilder();
		ProblemException worst = null;
		for (StartingActions.Started started : results) {
			if (started.run() != null) {
				response.addOperations(WorkflowEvents.toProto(started.run()));
				continue;
			}
			ProblemException refusal = started.refusal();
			response.addRejections(ActionRejection.newBuilder()
				.setResourceId(started.resourceId())
				.setReason(refusal.type())
				.setHttpStatus(refusal.status().value())
				.setDetail(String.valueOf(refusal.getMessage())));
			worst = (worst == null || rank(refusal) > rank(worst)) ? refusal : worst;
		}
		if (response.getOperationsCount() == 0 && worst != null) {
			String details = String.join("; ",
					response.getRejectionsList()
						.stream()
						.map((rejection) -> rejection.getResourceId() + ": " + rejection.getDetail())
						.toList());
			responses.onError(GrpcProblems.of(worst, details));
			return;
		}
		responses.onNext(response.build());
		responses.onCompleted();
	}

	@Override
	public void getOperation(GetOperationRequest request, StreamObserver<Operation> responses) {
		if (!TenantContext.isCallersTenant(request.getTenantId()) || request.getId().isEmpty()) {
			responses.onError(Status.NOT_FOUND.withDescription("no such operation").asRuntimeException());
			return;
		}
		this.runs.find(request.getTenantId(), request.getId()).ifPresentOrElse((run) -> {
			responses.onNext(WorkflowEvents.toProto(run));
			responses.onCompleted();
		}, () -> responses.onError(Status.NOT_FOUND.withDescription("no such operation").asRuntimeException()));
	}

	private JsonNode input(StartActionRequest request) {
		return request.hasInput() ? StructJson.object(request.getInput()) : this.json.createObjectNode();
	}

	/**
	 * Which refusal the failed call reports when the action started nowhere: a conflict
	 * with the resource's state tells the caller most, a missing resource least.
	 */
	private static int rank(ProblemException refusal) {
		return switch (refusal.status()) {
			case CONFLICT -> 3;
			case BAD_REQUEST -> 2;
			default -> 1;
		};
	}

}
