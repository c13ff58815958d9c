package io.strata.workflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.engine.decider.RunDecider;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionCallback;

/**
 * A worker's hold on the runs it claimed: every transaction it writes in first renews the
 * lease, so a worker that lost it (it stalled, another took over) changes nothing.
 */
@Component
class RunFence {

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	private final WorkflowDefinitions definitions;

	RunFence(TenantScope tenants, JdbcTemplate jdbc, WorkflowDefinitions definitions) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.definitions = definitions;
	}

	/** Thrown when the worker no longer holds the run; it stops touching it. */
	static final class LeaseLost extends RuntimeException {

		LeaseLost(String runId) {
			super("lease on run " + runId + " lost");
		}

	}

	/** The lease a worker just claimed the run with. */
	Lease hold(Run run, String owner, Duration lease) {
		return new Lease(new RunDecider(this.definitions.read(run.definitionJson()), ThreadLocalRandom.current()),
				owner, lease);
	}

	/**
	 * Does the work in the run's tenant transaction once the lease is renewed; throws
	 * {@link LeaseLost} (nothing written) when the worker lost it.
	 */
	<T> T inTransaction(Run run, Lease held, TransactionCallback<T> work) {
		return this.tenants.call(run.tenantId(), (status) -> {
			if (!renew(run.id(), held.owner(), held.lease())) {
				throw new LeaseLost(run.id());
			}
			return work.doInTransaction(status);
		});
	}

	/**
	 * The same for runs of one tenant in one transaction: throws {@link LeaseLost} when
	 * the worker lost any of them.
	 */
	<T> T inTransaction(List<Run> together, String owner, Duration lease, TransactionCallback<T> work) {
		return this.tenants.call(together.getFirst().tenantId(), (status) -> {
			List<String> ids = together.stream().map(Run::id).toList();
			if (renew(ids, owner, lease) != together.size()) {
				throw new LeaseLost(String.join(", ", ids));
			}
			return work.doInTransaction(status);
		});
	}

	/** Renews the lease of a run the worker holds; false when it lost it. */
	private boolean renew(String runId, String owner, Duration lease) {
		return this.jdbc.update("""
				UPDATE workflow_run SET lease_until = clock_timestamp() + make_interval(secs => ?)
				WHERE id = ? AND lease_owner = ? AND lease_until > clock_timestamp()""", lease.toMillis() / 1000.0,
				runId, owner) == 1;
	}

	/**
	 * Renews the leases of runs the worker holds; how many it still holds (those whose
	 * lease expired and were taken over are not).
	 */
	private int renew(List<String> runIds, String owner, Duration lease) {
		return this.jdbc.update("""
				UPDATE workflow_run SET lease_until = clock_timestamp() + make_interval(secs => ?)
				WHERE id = ANY (?) AND lease_owner = ? AND lease_until > clock_timestamp()""",
				lease.toMillis() / 1000.0, runIds.toArray(String[]::new), owner);
	}

}
