package io.strata.workflow.operation;

import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A step type that exists only in tests (component scanning finds it on the test class
 * path): a transactional step that takes {@code input.database_seconds} in PostgreSQL or
 * {@code input.jvm_millis} outside it, to prove the engine holds such steps to their
 * timeout.
 */
@Component
class SlowTransactionalStep implements StepType {

	private final JdbcTemplate jdbc;

	SlowTransactionalStep(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String name() {
		return "test.slow";
	}

	@Override
	public boolean transactional() {
		return true;
	}

	@Override
	public StepResult execute(StepCall call) throws InterruptedException {
		if (call.input().get("database_seconds") instanceof Number seconds) {
			this.jdbc.queryForObject("SELECT pg_sleep(?)::text", String.class, seconds.doubleValue());
		}
		if (call.input().get("jvm_millis") instanceof Number millis) {
			Thread.sleep(millis.longValue());
		}
		return StepResult.completed(java.util.Map.of("slept", true));
	}

}
