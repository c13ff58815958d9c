package io.strata.workflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.stereotype.Component;

/**
 * Advances claimed runs of one tenant whose next steps only touch this database in one
 * transaction: their leases renewed (fenced) and their resources locked by one statement
 * each, their steps run one run after the other ({@link InlineSteps}), their runs,
 * attempts, resources and events (the steps' too, {@link TransactionEvents}) written in
 * one batch each just before the commit. When a step fails, the transaction rolls back
 * and is tried again without that run, which goes on alone (its failing step then rolls
 * back alone, as there); when a lease was lost or the transaction fails otherwise,
 * nothing of it is kept and every run goes on alone, as if claimed alone.
 */
@Component
class RunsTogether {

	private static final Logger log = LoggerFactory.getLogger(RunsTogether.class);

	private final RunFence fence;

	private final RunResources resources;

	private final TransactionEvents outbox;

	private final InlineSteps inline;

	private final CommandPerformer performer;

	RunsTogether(RunFence fence, RunResources resources, TransactionEvents outbox, InlineSteps inline,
			CommandPerformer performer) {
		this.fence = fence;
		this.resources = resources;
		this.outbox = outbox;
		this.inline = inline;
		this.performer = performer;
	}

	/**
	 * How runs advanced together went.
	 *
	 * @param continuing the runs that go on alone after the commit, or null when nothing
	 * was kept
	 * @param failed the run whose step failed (nothing was kept), or null
	 */
	private record Together(List<Run> continuing, Run failed) {

	}

	/**
	 * @param claimed runs of one tenant the worker just claimed
	 * @param owner the worker
	 * @param lease how long its leases last
	 * @return the runs the worker advances alone: those whose next step has effects
	 * elsewhere, as the transaction left them, and those it could not take
	 */
	List<Run> advance(List<Run> claimed, String owner, Duration lease) {
		Map<String, Lease> leases = new LinkedHashMap<>();
		List<Run> together = new ArrayList<>();
		List<Run> alone = new ArrayList<>();
		for (Run run : claimed) {
			Lease held = this.fence.hold(run, owner, lease);
			List<Command> commands = held.due(run);
			if (commands.size() == 1 && commands.getFirst() instanceof Command.Attempt attempt
					&& this.inline.takes(attempt)) {
				together.add(run);
				leases.put(run.id(), held);
			}
			else {
				alone.add(run);
			}
		}
		while (together.size() > 1) {
			Together outcome = together(together, leases, owner, lease);
			if (outcome.failed() == null) {
				alone.addAll((outcome.continuing() != null) ? outcome.continuing() : together);
				return alone;
			}
			alone.add(outcome.failed());
			together.remove(outcome.failed());
		}
		alone.addAll(together);
		return alone;
	}

	private Together together(List<Run> together, Map<String, Lease> leases, String owner, Duration lease) {
		try {
			return this.fence.inTransaction(together, owner, lease, (status) -> {
				this.resources.lockAll(together.stream().map(Run::resourceId).toList());
				this.outbox.collect();
				RunBatch batch = new RunBatch();
				List<Run> next = new ArrayList<>();
				for (Run run : together) {
					InlineSteps.Outcome outcome = this.inline.run(run, leases.get(run.id()), Integer.MAX_VALUE, batch);
					if (outcome.failure() != null) {
						status.setRollbackOnly();
						return new Together(null, run);
					}
					if (outcome.next() != null) {
						next.add(outcome.next());
					}
				}
				this.performer.flush(batch);
				return new Together(next, null);
			});
		}
		catch (RuntimeException ex) {
			log.debug("Runs advanced together failed; each goes on alone", ex);
			return new Together(null, null);
		}
	}

}
