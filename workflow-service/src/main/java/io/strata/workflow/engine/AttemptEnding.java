package io.strata.workflow.engine;

import io.strata.workflow.engine.model.StepResult;

/**
 * How a step's attempt ended, as its row says.
 *
 * @param status completed, failed, waiting or cancelled
 * @param output its output, or null
 * @param errorCode the failure's code, or null
 * @param error the failure, or null
 */
record AttemptEnding(String status, Object output, String errorCode, String error) {

	static AttemptEnding of(StepResult result) {
		return switch (result) {
			case StepResult.Suspended suspended -> new AttemptEnding("waiting", null, null, null);
			case StepResult.Completed completed -> new AttemptEnding("completed", completed.output(), null, null);
			case StepResult.Failed failed -> new AttemptEnding("failed", null, failed.code(), failed.message());
		};
	}

	/** An attempt left waiting that a cancel closes. */
	static AttemptEnding cancelled(String reason) {
		return new AttemptEnding("cancelled", null, "cancelled", reason);
	}

}
