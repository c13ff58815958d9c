package io.strata.workflow.engine;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.stereotype.Component;

/**
 * Runs one attempt of a step and turns what goes wrong (a timeout, an exception, a
 * stopped worker) into a failed {@link StepResult}.
 */
@Component
class StepInvoker {

	private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();

	private final WorkflowDefinitions definitions;

	StepInvoker(WorkflowDefinitions definitions) {
		this.definitions = definitions;
	}

	/**
	 * Whether the step only touches this database, so runs inside the run's transaction.
	 */
	boolean transactional(StepDefinition step) {
		return type(step).transactional();
	}

	private StepType type(StepDefinition step) {
		return this.definitions.stepType(step.type());
	}

	private static StepResult invoke(StepType type, StepCall call) {
		try {
			return type.execute(call);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			return StepResult.failed("error", ex.getMessage(), true);
		}
	}

	/**
	 * A transactional step is held to its timeout by PostgreSQL, which cancels a
	 * statement running past it ({@code statement_timeout}, local to the transaction: the
	 * caller sets it, {@link RunStore#limitStatements}), and by the clock for the step as
	 * a whole. A step over time fails with {@code timeout} and, like any failure, its
	 * writes roll back. It is not interrupted between statements: its own work outside
	 * the database is expected to be short.
	 */
	StepResult inTransaction(StepCall call) {
		Duration timeout = call.timeout();
		long started = System.nanoTime();
		StepResult result;
		try {
			result = invoke(type(call.step()), call);
		}
		catch (RuntimeException ex) {
			if (cancelledByStatementTimeout(ex)) {
				return StepResult.failed("timeout", "the attempt took longer than " + timeout, true);
			}
			throw ex;
		}
		if (System.nanoTime() - started > timeout.toNanos()) {
			return StepResult.failed("timeout", "the attempt took longer than " + timeout, true);
		}
		return result;
	}

	private static boolean cancelledByStatementTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Runs a step outside any transaction, held to its timeout and to a share of the
	 * worker's lease.
	 */
	StepResult withTimeout(StepCall call, Duration lease) {
		Duration timeout = bounded(call.timeout(), lease);
		StepType type = type(call.step());
		Future<StepResult> attempt = this.attempts.submit(() -> type.execute(call));
		try {
			return attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			attempt.cancel(true);
			return StepResult.failed("timeout", "the attempt took longer than " + timeout, true);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return StepResult.failed("error", String.valueOf(cause.getMessage()), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			attempt.cancel(true);
			return StepResult.failed("interrupted", "the worker was stopped", true);
		}
	}

	/**
	 * An attempt must end well within the lease, or another worker would take the run
	 * over.
	 */
	private static Duration bounded(Duration timeout, Duration lease) {
		Duration limit = lease.multipliedBy(8).dividedBy(10);
		return (timeout.compareTo(limit) > 0) ? limit : timeout;
	}

}
