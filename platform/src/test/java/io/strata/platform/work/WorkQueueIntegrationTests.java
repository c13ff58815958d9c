package io.strata.platform.work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The work queue on real PostgreSQL: concurrent claims, leases, backoff, parking,
 * fairness and the wake-up of the dispatcher.
 */
@SpringBootTest
@StrataServers({ Server.POSTGRES, Server.KAFKA })
class WorkQueueIntegrationTests {

	private static final Backoff NO_RETRY = (attempts, hint) -> java.util.Optional.empty();

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	JdbcClient client;

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	WorkTable table = WorkTable.of("work_item", "id", "bigint")
		.fairBy("key")
		.returning(null, null, "q.body")
		.whenDone("done", "done_at")
		.whenParked("dead_at");

	@BeforeEach
	void table() {
		this.jdbc.execute("""
				CREATE TABLE IF NOT EXISTS work_item (
				    id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL, body TEXT,
				    status TEXT NOT NULL DEFAULT 'pending', attempts INT NOT NULL DEFAULT 0,
				    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(), last_error TEXT,
				    done_at TIMESTAMPTZ, dead_at TIMESTAMPTZ);
				CREATE INDEX IF NOT EXISTS work_item_due ON work_item (key, next_attempt_at) WHERE status = 'pending';
				TRUNCATE work_item;""");
	}

	private WorkQueue<String> queue(QueueSettings settings, Backoff backoff) {
		return new WorkQueue<>("test-" + UUID.randomUUID(), this.client, this.table, settings, backoff,
				(rs) -> rs.getString("body"), this.meters);
	}

	private static QueueSettings settings(Duration lease, int perKey) {
		return new QueueSettings(lease, 20, 100, perKey, Duration.ofMillis(200));
	}

	private void insert(String key, int count) {
		this.jdbc.update("INSERT INTO work_item (key, body) SELECT ?, 'item ' || n FROM generate_series(1, ?) n", key,
				count);
	}

	@Test
	void concurrentWorkersNeverClaimTheSameItem() throws Exception {
		for (int k = 0; k < 25; k++) {
			insert("k" + k, 20);
		}
		WorkQueue<String> queue = queue(settings(Duration.ofMinutes(1), 1000), NO_RETRY);
		List<Object> claimed = new CopyOnWriteArrayList<>();
		try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
			List<Future<?>> done = new ArrayList<>();
			for (int w = 0; w < 4; w++) {
				done.add(workers.submit(() -> {
					List<Claim<String>> batch;
					while (!(batch = queue.claim(20)).isEmpty()) {
						batch.forEach((claim) -> claimed.add(claim.id()));
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		assertThat(claimed).hasSize(500).doesNotHaveDuplicates();
		assertThat(this.meters.get("strata.work.claimed").tag("queue", queue.name()).counter().count()).isEqualTo(500);
	}

	@Test
	void itemOfAWorkerWhoseLeaseRanOutIsClaimedAgainAndTheStaleWorkerIsFencedOff() {
		insert("k", 1);
		WorkQueue<String> queue = queue(settings(Duration.ofMillis(300), 4),
				new ExponentialBackoff(Duration.ZERO, Duration.ZERO, 1, 0, 5));
		Claim<String> first = queue.claim(10).getFirst();
		assertThat(first.payload()).isEqualTo("item 1");
		assertThat(queue.claim(10)).isEmpty();
		List<Claim<String>> again = new ArrayList<>();
		await().atMost(Duration.ofSeconds(5)).until(() -> again.addAll(queue.claim(10)));
		Claim<String> second = again.getFirst();
		assertThat(second.id()).isEqualTo(first.id());
		assertThat(queue.fail(List.of(Failure.of(second, "timeout"))).retried()).containsExactly(second.id());
		assertThat(queue.complete(List.of(first))).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT status FROM work_item", String.class)).isEqualTo("pending");
	}

	@Test
	void failedItemsBackOffExponentiallyAndParkAfterTheirLastAttempt() {
		insert("k", 1);
		WorkQueue<String> queue = queue(settings(Duration.ofMinutes(1), 4),
				new ExponentialBackoff(Duration.ofMillis(400), Duration.ofSeconds(10), 2, 0, 3));
		Claim<String> claim = queue.claim(1).getFirst();
		assertThat(queue.fail(List.of(Failure.of(claim, "HTTP 500"))).retried()).containsExactly(claim.id());
		assertThat(delayMillis()).isBetween(300L, 400L);
		assertThat(queue.claim(1)).isEmpty();
		await().atMost(Duration.ofSeconds(5)).until(() -> !queue.claim(1).isEmpty());

		this.jdbc.update("UPDATE work_item SET next_attempt_at = now()");
		claim = queue.claim(1).getFirst();
		assertThat(claim.attempts()).isEqualTo(1);
		queue.fail(List.of(Failure.of(claim, "HTTP 500")));
		assertThat(delayMillis()).isBetween(700L, 800L);

		this.jdbc.update("UPDATE work_item SET next_attempt_at = now()");
		claim = queue.claim(1).getFirst();
		WorkQueue.Failed last = queue.fail(List.of(Failure.of(claim, "HTTP 503")));
		assertThat(last.parked()).containsExactly(claim.id());
		Map<String, Object> row = this.jdbc.queryForMap("SELECT status, attempts, last_error, dead_at FROM work_item");
		assertThat(row).containsEntry("status", "dead")
			.containsEntry("attempts", 3)
			.containsEntry("last_error", "HTTP 503");
		assertThat(row.get("dead_at")).isNotNull();
		this.jdbc.update("UPDATE work_item SET next_attempt_at = now()");
		assertThat(queue.claim(1)).isEmpty();
		assertThat(this.meters.get("strata.work.parked").tag("queue", queue.name()).counter().count()).isEqualTo(1);
		assertThat(this.meters.get("strata.work.failed").tag("queue", queue.name()).counter().count()).isEqualTo(3);
	}

	@Test
	void aHintLongerThanTheBackoffWins() {
		insert("k", 1);
		WorkQueue<String> queue = queue(settings(Duration.ofMinutes(1), 4),
				new ExponentialBackoff(Duration.ofMillis(100), Duration.ofMinutes(1), 2, 0, 3));
		Claim<String> claim = queue.claim(1).getFirst();
		queue.fail(List.of(new Failure(claim, "HTTP 429", Duration.ofSeconds(30))));
		assertThat(delayMillis()).isBetween(29_000L, 30_000L);
	}

	@Test
	void completedItemsAreDoneOnceAndLeaveTheQueue() {
		insert("k", 3);
		WorkQueue<String> queue = queue(settings(Duration.ofMinutes(1), 4), NO_RETRY);
		List<Claim<String>> claims = queue.claim(10);
		assertThat(queue.complete(claims)).hasSize(3);
		assertThat(queue.complete(claims)).isEmpty();
		assertThat(this.jdbc.queryForList("SELECT status FROM work_item WHERE done_at IS NOT NULL", String.class))
			.containsOnly("done")
			.hasSize(3);
		this.jdbc.update("UPDATE work_item SET next_attempt_at = now()");
		assertThat(queue.claim(10)).isEmpty();
	}

	@Test
	void aKeyWithABacklogGetsAtMostItsShareAndReleasedItemsAreDueAtOnce() {
		insert("busy", 50);
		insert("quiet", 2);
		WorkQueue<String> queue = queue(settings(Duration.ofMinutes(1), 4), NO_RETRY);
		List<Claim<String>> claims = queue.claim(100);
		assertThat(claims).extracting(Claim::key).filteredOn("busy"::equals).hasSize(4);
		assertThat(claims).extracting(Claim::key).filteredOn("quiet"::equals).hasSize(2);

		insert("quiet", 1);
		assertThat(queue.claim(100, Map.of("busy", 4))).extracting(Claim::key).containsExactly("quiet");

		queue.release(claims.subList(0, 1));
		assertThat(queue.claim(100, Map.of("busy", 3, "quiet", 2))).hasSize(1);
	}

	@Test
	void oldestAgeReportsHowLongTheOldestDueItemWaits() {
		WorkQueue<String> queue = queue(settings(Duration.ofMinutes(1), 4), NO_RETRY);
		assertThat(queue.oldestAgeSeconds()).isZero();
		insert("k", 1);
		this.jdbc.update("UPDATE work_item SET next_attempt_at = now() - interval '42 seconds'");
		assertThat(queue.oldestAgeSeconds()).isBetween(42.0, 50.0);
		assertThat(this.meters.get("strata.work.oldest.age").tag("queue", queue.name()).gauge().value()).isBetween(42.0,
				50.0);
	}

	@Test
	void dispatcherClaimsOnWakeUpWithoutWaitingForItsPoll() {
		WorkQueue<String> queue = queue(settings(Duration.ofMinutes(1), 4), NO_RETRY);
		List<Object> handled = Collections.synchronizedList(new ArrayList<>());
		WorkDispatcher[] dispatcher = new WorkDispatcher[1];
		dispatcher[0] = new WorkDispatcher("test",
				new QueueSettings(Duration.ofMinutes(1), 20, 100, 4, Duration.ofMinutes(10)), (capacity) -> {
					List<Claim<String>> claims = queue.claim(capacity);
					dispatcher[0].started(claims.size());
					claims.forEach((claim) -> handled.add(claim.id()));
					queue.complete(claims);
					dispatcher[0].finished(claims.size());
					return claims.size();
				});
		dispatcher[0].start();
		try {
			// the first claim at start finds nothing; then only a wake-up can find the
			// item
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(handled::isEmpty);
			insert("k", 1);
			dispatcher[0].wakeUp();
			await().atMost(Duration.ofSeconds(2)).until(() -> handled.size() == 1);
		}
		finally {
			dispatcher[0].stop();
		}
	}

	private long delayMillis() {
		return this.jdbc.queryForObject(
				"SELECT (extract(epoch FROM next_attempt_at - now()) * 1000)::bigint FROM work_item", Long.class);
	}

}
