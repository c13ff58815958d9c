package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;

import io.strata.platform.events.DomainEvent;
import io.strata.proto.workflow.v1.Operation;
import io.strata.proto.workflow.v1.WorkflowRunFinished;
import io.strata.proto.workflow.v1.WorkflowRunStarted;
import io.strata.proto.workflow.v1.WorkflowStepFinished;
import io.strata.workflow.support.Protos;

/** Run events on workflow.events, keyed by the run id. */
public final class WorkflowEvents {

	private WorkflowEvents() {
	}

	public static DomainEvent started(Run run) {
		return DomainEvent.of(run.id(), run.tenantId(),
				WorkflowRunStarted.newBuilder().setOperation(toProto(run)).build());
	}

	static DomainEvent finished(Run run, Instant at) {
		return DomainEvent.of(run.id(), run.tenantId(),
				WorkflowRunFinished.newBuilder()
					.setOperation(toProto(run))
					.setDurationMillis(Duration.between(run.createdAt(), at).toMillis())
					.build());
	}

	static DomainEvent stepFinished(Visit visit, AttemptEnding ending) {
		Run run = visit.run();
		WorkflowStepFinished.Builder event = WorkflowStepFinished.newBuilder()
			.setRunId(run.id())
			.setTenantId(run.tenantId())
			.setResourceId(run.resourceId())
			.setStep(visit.attempt().name())
			.setCompensation(visit.attempt().compensation())
			.setAttempt(visit.attempt().attempt())
			.setStatus(ending.status());
		if (ending.errorCode() != null) {
			event.setErrorCode(ending.errorCode());
		}
		return DomainEvent.of(run.id(), run.tenantId(), event.build());
	}

	public static Operation toProto(Run run) {
		Operation.Builder operation = Operation.newBuilder()
			.setId(run.id())
			.setTenantId(run.tenantId())
			.setResourceId(run.resourceId())
			.setAction(run.action())
			.setFromState(run.fromState())
			.setToState(run.toState())
			.setStatus(run.status().wire())
			.setCreatedAt(Protos.timestamp(run.createdAt()))
			.setUpdatedAt(Protos.timestamp(run.updatedAt()));
		if (run.error() != null) {
			operation.setError(run.error());
		}
		if (run.finishedAt() != null) {
			operation.setFinishedAt(Protos.timestamp(run.finishedAt()));
		}
		return operation.build();
	}

}
