package io.strata.workflow.engine;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.decider.RunDecider;

import org.springframework.stereotype.Component;

/**
 * Advances claimed runs: asks the {@link RunDecider} what comes next and has it performed
 * and stored, until the run waits, backs off, or ends. Every write happens in a
 * transaction that first checks the worker still holds the run's lease
 * ({@link RunFence}). Steps that only touch this database run inside that transaction
 * ({@link InlineSteps}, several runs' in one: {@link RunsTogether}); steps with effects
 * elsewhere run outside any ({@link OutsideSteps}); what the decider decides besides is
 * stored by the {@link CommandPerformer}.
 */
@Component
public class RunExecutor {

	private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

	private final RunFence fence;

	private final InlineSteps inline;

	private final OutsideSteps outside;

	private final RunsTogether together;

	private final CommandPerformer performer;

	private final ImmediateWrites now;

	RunExecutor(RunFence fence, InlineSteps inline, OutsideSteps outside, RunsTogether together,
			CommandPerformer performer, ImmediateWrites now) {
		this.fence = fence;
		this.inline = inline;
		this.outside = outside;
		this.together = together;
		this.performer = performer;
		this.now = now;
	}

	/** Advances the run for a worker that just claimed it. */
	void advance(Run claimed, String owner, Duration lease) {
		Lease held = this.fence.hold(claimed, owner, lease);
		Run run = claimed;
		try {
			while (run != null) {
				run = step(run, held);
			}
		}
		catch (RunFence.LeaseLost ex) {
			log.info("Run {}: {}", claimed.id(), ex.getMessage());
		}
	}

	/**
	 * Advances claimed runs of one tenant together in one transaction as far as their
	 * steps only touch this database ({@link RunsTogether}).
	 * @param claimed runs of one tenant the worker just claimed
	 * @param owner the worker
	 * @param lease how long its leases last
	 * @return the runs the worker advances alone ({@link #advance})
	 */
	List<Run> advanceTogether(List<Run> claimed, String owner, Duration lease) {
		return this.together.advance(claimed, owner, lease);
	}

	/** One step (or the end); the run to go on with, or null when the worker lets go. */
	private Run step(Run run, Lease held) {
		List<Command> commands = held.due(run);
		if (commands.size() == 1 && commands.getFirst() instanceof Command.Attempt attempt) {
			return this.inline.takes(attempt) ? this.inline.advance(run, held)
					: this.outside.attempt(run, attempt, held);
		}
		return this.fence.inTransaction(run, held,
				(status) -> this.performer.perform(run, commands, held.owner(), this.now));
	}

}
