package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.decider.RunDecider;
import io.strata.workflow.engine.decider.RunEvent;

/**
 * A claimed run as a worker advances it.
 *
 * @param decider the run's state machine (its workflow parsed once)
 * @param owner the worker holding the lease
 * @param lease how long the lease lasts
 */
record Lease(RunDecider decider, String owner, Duration lease) {

	/** What the decider makes of the run now that the worker holds it. */
	List<Command> due(Run run) {
		return decide(run, new RunEvent.Due(Instant.now()));
	}

	List<Command> decide(Run run, RunEvent event) {
		return this.decider.decide(run.state(), event);
	}

}
