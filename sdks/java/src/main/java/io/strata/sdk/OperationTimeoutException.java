package io.strata.sdk;

import java.util.List;

import io.strata.sdk.model.Operation;

/** {@link Operations#waitFor} gave up: the operation had not finished within the timeout. */
public class OperationTimeoutException extends StrataException {

	private static final long serialVersionUID = 1L;

	private final transient Operation lastSeen;

	public OperationTimeoutException(String operationId, Operation lastSeen) {
		super(0, null, "Operation did not finish in time", "Operation " + operationId + " is still "
				+ ((lastSeen != null) ? lastSeen.getStatus() : "unknown"), null, List.of(), null);
		this.lastSeen = lastSeen;
	}

	/** The operation as last polled. */
	public Operation lastSeen() {
		return this.lastSeen;
	}

}
