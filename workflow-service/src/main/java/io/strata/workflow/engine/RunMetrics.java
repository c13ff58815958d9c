package io.strata.workflow.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.workflow.engine.model.RunStatus;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Workflow runs by state, for dashboards and alerts:
 * {@code strata.workflow.runs.finished} counts runs as they end (tag {@code status}:
 * completed, failed, compensated, cancelled), {@code strata.workflow.runs.active} gauges
 * the runs not finished yet by status (pending, running, waiting, compensating), counted
 * in PostgreSQL at most every 10 s when scraped (the partial due-index covers exactly
 * these rows).
 */
@Component
class RunMetrics {

	private static final Logger log = LoggerFactory.getLogger(RunMetrics.class);

	private static final Duration FRESH = Duration.ofSeconds(10);

	private static final List<RunStatus> ACTIVE = Arrays.stream(RunStatus.values())
		.filter((status) -> !status.terminal())
		.toList();

	private final JdbcTemplate jdbc;

	private final Map<RunStatus, Counter> finished = new HashMap<>();

	private volatile Map<String, Long> active = Map.of();

	private volatile long countedAt;

	RunMetrics(JdbcTemplate jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		for (RunStatus status : RunStatus.values()) {
			if (status.terminal()) {
				this.finished.put(status,
						Counter.builder("strata.workflow.runs.finished")
							.description("Workflow runs that ended, by how they ended")
							.tag("status", status.wire())
							.register(meters));
			}
			else {
				Gauge.builder("strata.workflow.runs.active", this, (metrics) -> metrics.active(status))
					.description("Workflow runs not finished yet, by status")
					.tag("status", status.wire())
					.register(meters);
			}
		}
	}

	@TransactionalEventListener
	void on(RunFinished run) {
		Counter counter = this.finished.get(run.status());
		if (counter != null) {
			counter.increment();
		}
	}

	private double active(RunStatus status) {
		if (System.nanoTime() - this.countedAt > FRESH.toNanos()) {
			count();
		}
		return this.active.getOrDefault(status.wire(), 0L);
	}

	private synchronized void count() {
		if (System.nanoTime() - this.countedAt <= FRESH.toNanos()) {
			return;
		}
		try {
			Map<String, Long> counts = new HashMap<>();
			this.jdbc.query(
					"SELECT status, count(*) FROM workflow_run WHERE status IN ("
							+ String.join(", ", Collections.nCopies(ACTIVE.size(), "?")) + ") GROUP BY status",
					(row) -> {
						counts.put(row.getString(1), row.getLong(2));
					}, ACTIVE.stream().map(RunStatus::wire).toArray());
			this.active = counts;
		}
		catch (RuntimeException ex) {
			// a scrape during a database outage reports the last counts
			log.debug("Could not count active workflow runs: {}", ex.toString());
		}
		this.countedAt = System.nanoTime();
	}

}
