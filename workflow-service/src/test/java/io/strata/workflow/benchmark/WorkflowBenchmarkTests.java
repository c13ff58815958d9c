package io.strata.workflow.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.platform.tenant.TenantScope;
import io.strata.testsupport.LocalStack;
import io.strata.testsupport.Server;
import io.strata.workflow.WorkflowApplication;
import io.strata.workflow.WorkflowIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflow runs per second for a three-step workflow without external I/O (start to
 * completion p50/p95/p99), with one worker instance and then with two (a second Spring
 * Boot application on the same database, its own worker and leases), beside a baseline
 * measured in the same run: as many bare tenant-scoped transactions (one INSERT each) as
 * runs. Also counts what each run costs the database: socket writes to PostgreSQL (JFR
 * {@code jdk.SocketWrite}; one per round trip) and committed transactions, per run, over
 * everything the JVM did while the runs were started and advanced, and the CPU per run of
 * the JVM and of this database's PostgreSQL backends (where the time goes: see the
 * service's README, "Where a run's time went"). Checks that every run completed with
 * exactly one completed attempt per step. Resources created per second over HTTP are
 * measured too.
 * {@code ./mvnw -B verify -Pbenchmark -pl workflow-service -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=WorkflowBenchmarkTests}
 * ({@code -Dbenchmark.runs=N} runs per phase, default 1000; {@code -Dbenchmark.warmup=N}
 * runs before each instance's phase, default 2000: with 200 the JIT had not finished
 * compiling the engine's paths, and its CPU and the slower code counted in the phase).
 */
@Tag("benchmark")
class WorkflowBenchmarkTests extends WorkflowIntegrationTest {

	static final int RESOURCES = 400;

	static final int RUNS = Integer.getInteger("benchmark.runs", 1000);

	static final int WARMUP = Integer.getInteger("benchmark.warmup", 2000);

	/** Concurrent clients starting actions, 100 resources per request. */
	static final int CLIENTS = 4;

	static final int CORES = Runtime.getRuntime().availableProcessors();

	/** USER_HZ of /proc/PID/stat. */
	static final int CLOCK_TICKS = 100;

	static final String WORKFLOW = """
			{"steps": [
			  {"name": "stamp", "type": "resource.set", "input": {"attributes": {"approved_by": "input.approver"}}},
			  {"name": "check", "type": "branch", "input": {"condition": "resource.attributes.priority > 3"},
			   "then": "$end"},
			  {"name": "announce", "type": "event.emit", "input": {"type": "'ticket.approved'", "data": {"id": "resource.id"}}}]}""";

	@Autowired
	TenantScope tenants;

	@Autowired
	Environment environment;

	@Autowired
	PlatformTransactionManager transactionManager;

	final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	final LongAdder commits = new LongAdder();

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void measure() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", WORKFLOW);
		countCommits(this.transactionManager);
		for (int i = 0; i < 50; i++) {
			createTicket(tenant, "ticket", "warm-up");
			bareInsert(tenant);
		}
		String load = loadAverage();

		double[] creates = new double[RESOURCES];
		List<String> created = new ArrayList<>();
		long createStart = System.nanoTime();
		for (int i = 0; i < RESOURCES; i++) {
			long start = System.nanoTime();
			created.add(createTicket(tenant, "ticket", "bench " + i));
			creates[i] = (System.nanoTime() - start) / 1e6;
		}
		double createSeconds = (System.nanoTime() - createStart) / 1e9;
		// a warm-up of the engine (definition parsed, code paths compiled), not measured
		run(tenant, copies(tenant, created.getFirst(), WARMUP));
		// the tables' statistics, as a database in use has them: in a fresh one the
		// planner
		// read every row of the tenant (its index) to find a few by id, at every
		// transaction
		this.jdbc.execute("ANALYZE");

		Phase baseline = baseline(tenant);
		double idleOne = idleJvmMillisPerSecond();
		Phase one = run(tenant, copies(tenant, created.getFirst(), RUNS));
		ConfigurableApplicationContext second = startInstance();
		countCommits(second.getBean(PlatformTransactionManager.class));
		// the second instance's code warms up too before it is measured
		run(tenant, copies(tenant, created.getFirst(), WARMUP));
		this.jdbc.execute("ANALYZE");
		double idleTwo = idleJvmMillisPerSecond();
		Phase two = run(tenant, copies(tenant, created.getFirst(), RUNS));
		Map<String, Long> stepsByWorker = new LinkedHashMap<>();
		this.jdbc
			.queryForList(
					"SELECT worker, count(*) AS steps FROM step_attempt WHERE run_id = ANY (?::text[]) GROUP BY 1",
					"{" + String.join(",", two.runIds()) + "}")
			.forEach((row) -> stepsByWorker.put((String) row.get("worker"), ((Number) row.get("steps")).longValue()));

		// every run completed, each step applied exactly once
		List<String> all = new ArrayList<>(one.runIds());
		all.addAll(two.runIds());
		String ids = "{" + String.join(",", all) + "}";
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM workflow_run WHERE id = ANY (?::text[]) AND status = 'completed'", Long.class,
				ids))
			.isEqualTo(all.size());
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM (SELECT run_id, step_name FROM step_attempt
				                      WHERE run_id = ANY (?::text[]) AND status = 'completed'
				                      GROUP BY 1, 2 HAVING count(*) > 1) twice""", Long.class, ids))
			.as("steps applied twice")
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM step_attempt WHERE run_id = ANY (?::text[]) AND status = 'completed'", Long.class,
				ids))
			.as("completed steps")
			.isEqualTo(3L * all.size());
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM resource WHERE active_run_id IS NULL AND state = 'approved' AND attributes->>'approved_by' = 'bench' AND id IN (SELECT resource_id FROM workflow_run WHERE id = ANY (?::text[]))",
				Long.class, ids))
			.isEqualTo(all.size());

		int cores = Runtime.getRuntime().availableProcessors();
		System.out.printf("%n=== workflow-service benchmark (%d cores, load average before %s, after %s) ===%n", cores,
				load, loadAverage());
		report("POST /v2/resources (HTTP+JWT+schema+outbox)", RESOURCES / createSeconds, creates);
		baseline.report("baseline: " + RUNS + " bare tenant-scoped INSERT transactions", 0);
		one.report("3-step runs, 1 worker instance, start -> completed", idleOne);
		two.report("3-step runs, 2 worker instances, start -> completed", idleTwo);
		System.out.printf("steps per worker with 2 instances: %s; steps applied twice: 0%n", stepsByWorker.values());
		System.out.printf("ratios: runs/s per bare tx/s %.3f (1 instance), %.3f (2 instances); 2/1 instances %.2f%n",
				one.perSecond() / baseline.perSecond(), two.perSecond() / baseline.perSecond(),
				two.perSecond() / one.perSecond());
	}

	/**
	 * What one phase measured.
	 *
	 * @param count runs (or transactions)
	 * @param seconds wall time
	 * @param millis latency of each
	 * @param socketWrites writes to PostgreSQL's socket (round trips)
	 * @param commits transactions committed
	 * @param runIds the runs
	 */
	record Phase(int count, double seconds, double[] millis, long socketWrites, long commits, List<String> runIds,
			double jvmCpuMillis, double jitCpuMillis, double postgresCpuMillis, double startSeconds) {

		Phase(int count, double[] millis, List<String> runIds, double startSeconds) {
			this(count, 0, millis, 0, 0, runIds, 0, 0, 0, startSeconds);
		}

		double perSecond() {
			return this.count / this.seconds;
		}

		/**
		 * @param idle the JVM's CPU (JIT left out) per second while idle just before the
		 * phase (pollers, consumers, housekeeping): what it costs whether runs go or not
		 */
		void report(String what, double idle) {
			WorkflowBenchmarkTests.report(what, perSecond(), this.millis);
			System.out.printf("%-52s %8.1f round trips, %5.1f transactions each%n", "",
					(double) this.socketWrites / this.count, (double) this.commits / this.count);
			if (this.startSeconds > 0) {
				System.out.printf("%-52s all started (POSTs answered) after %.2f s of %.2f s%n", "", this.startSeconds,
						this.seconds);
			}
			System.out.printf("%-52s CPU per run: %6.2f ms JVM, %6.2f ms PostgreSQL backends (%.0f%% of %d cores)%n",
					"", this.jvmCpuMillis / this.count, this.postgresCpuMillis / this.count,
					100 * (this.jvmCpuMillis + this.postgresCpuMillis) / (this.seconds * 1000 * CORES), CORES);
			System.out.printf("%-52s of the JVM's: %6.2f ms JIT compiler threads, %6.2f ms the rest%n", "",
					this.jitCpuMillis / this.count, (this.jvmCpuMillis - this.jitCpuMillis) / this.count);
			if (idle > 0) {
				System.out.printf("%-52s the rest less what the JVM spends idle (%.0f ms/s) in as long: %6.2f ms%n", "",
						idle, (this.jvmCpuMillis - this.jitCpuMillis - idle * this.seconds) / this.count);
			}
		}

	}

	private void countCommits(PlatformTransactionManager transactions) {
		((ConfigurableTransactionManager) transactions).addListener(new TransactionExecutionListener() {
			@Override
			public void afterCommit(TransactionExecution transaction, Throwable failure) {
				if (failure == null) {
					WorkflowBenchmarkTests.this.commits.increment();
				}
			}
		});
	}

	private Phase baseline(String tenant) {
		double[] millis = new double[RUNS];
		return measured(RUNS, () -> {
			for (int i = 0; i < RUNS; i++) {
				long start = System.nanoTime();
				bareInsert(tenant);
				millis[i] = (System.nanoTime() - start) / 1e6;
			}
			return new Phase(RUNS, millis, List.of(), 0);
		});
	}

	/**
	 * Starts the action on the resources (clients in parallel) and waits for the runs.
	 */
	@SuppressWarnings("unchecked")
	private Phase run(String tenant, List<String> resources) {
		return measured(resources.size(), () -> {
			long start = System.nanoTime();
			List<String> runIds = new ArrayList<>();
			try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
				List<Future<List<String>>> started = new ArrayList<>();
				for (int from = 0; from < resources.size(); from += 100) {
					List<String> batch = resources.subList(from, Math.min(resources.size(), from + 100));
					started.add(clients.submit(() -> {
						Map<String, Object> body = post(
								tenant, "/v2/resources/actions", "{\"action\": \"approve\", \"resource_ids\": [\""
										+ String.join("\", \"", batch) + "\"], \"input\": {\"approver\": \"bench\"}}",
								202);
						// the other instances hear of the runs as they would from another
						// replica: at their next poll
						return ((List<Map<String, Object>>) body.get("operations")).stream()
							.map((op) -> (String) op.get("id"))
							.toList();
					}));
				}
				for (Future<List<String>> batch : started) {
					runIds.addAll(batch.get());
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			double startSeconds = (System.nanoTime() - start) / 1e9;
			String ids = "{" + String.join(",", runIds) + "}";
			// every run of the phase has started: it is done when no run of this test's
			// database is left unfinished (read from the partial index of unfinished
			// runs;
			// counting the phase's runs by id at every poll cost PostgreSQL about 1 ms
			// per
			// 1,000 ids, which the backends' CPU per run counted)
			await(() -> this.jdbc.queryForObject(
					"SELECT count(*) FROM workflow_run WHERE status IN ('pending', 'running', 'waiting', 'compensating')",
					Long.class), (unfinished) -> unfinished == 0, Duration.ofMinutes(5));
			double[] latencies = this.jdbc.queryForList(
					"SELECT EXTRACT(EPOCH FROM (finished_at - created_at)) * 1000 FROM workflow_run WHERE id = ANY (?::text[])",
					Double.class, ids)
				.stream()
				.mapToDouble(Double::doubleValue)
				.toArray();
			return new Phase(runIds.size(), latencies, runIds, startSeconds);
		});
	}

	/** Times the work and counts its round trips and commits. */
	private Phase measured(int count, java.util.function.Supplier<Phase> work) {
		int port = LocalStack.port(Server.POSTGRES);
		LongAdder writes = new LongAdder();
		try (RecordingStream recording = new RecordingStream()) {
			recording.enable("jdk.SocketWrite").withThreshold(Duration.ZERO).withoutStackTrace();
			recording.onEvent("jdk.SocketWrite", (event) -> {
				if (event.getInt("port") == port) {
					writes.increment();
				}
			});
			recording.startAsync();
			long commitsBefore = this.commits.sum();
			List<Integer> backends = postgresBackends();
			long jvmBefore = jvmCpuNanos();
			long jitBefore = jitCpuTicks();
			long postgresBefore = cpuTicks(backends);
			long start = System.nanoTime();
			Phase phase = work.get();
			double seconds = (System.nanoTime() - start) / 1e9;
			long committed = this.commits.sum() - commitsBefore;
			double jvm = (jvmCpuNanos() - jvmBefore) / 1e6;
			double jit = (jitCpuTicks() - jitBefore) * 1000.0 / CLOCK_TICKS;
			double postgres = (cpuTicks(backends) - postgresBefore) * 1000.0 / CLOCK_TICKS;
			recording.stop();
			return new Phase(count, seconds, phase.millis(), writes.sum(), committed, phase.runIds(), jvm, jit,
					postgres, phase.startSeconds());
		}
	}

	/** Copies of a created ticket, fresh and open, written straight to the table. */
	private List<String> copies(String tenant, String resourceId, int count) {
		return this.tenants.call(tenant,
				(status) -> this.jdbc.queryForList(
						"""
								INSERT INTO resource (id, tenant_id, type, type_version, state, attributes, version, created_at, updated_at)
								SELECT gen_random_uuid()::text, tenant_id, type, type_version, state, attributes, version, now(), now()
								FROM resource, generate_series(1, ?) WHERE id = ? RETURNING id""",
						String.class, count, resourceId));
	}

	private void bareInsert(String tenant) {
		this.tenants.run(tenant,
				(status) -> this.jdbc.update(
						"""
								INSERT INTO resource (id, tenant_id, type, type_version, state, attributes, version, created_at, updated_at)
								VALUES (?, ?, 'baseline', 1, 'open', '{"title": "x"}'::jsonb, 1, now(), now())""",
						UUID.randomUUID().toString(), tenant));
	}

	private ConfigurableApplicationContext startInstance() {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"spring.kafka.bootstrap-servers", "strata.kafka.topic-prefix", "strata.security.jwks-uri",
				"strata.security.issuer", "strata.outbound.allow", "strata.workflow.poll-interval",
				"strata.workflow.lease")) {
			properties.put(name, this.environment.getRequiredProperty(name));
		}
		properties.put("server.port", 0);
		properties.put("spring.grpc.server.port", 0);
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(WorkflowApplication.class)
			.run(properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new));
		this.instances.add(instance);
		return instance;
	}

	/**
	 * The server processes of this JVM's connections to PostgreSQL (its pools keep them
	 * open through a phase): their CPU is what the phase cost the database. Background
	 * processes (WAL writer, checkpointer) are left out; other users of the server too.
	 */
	private List<Integer> postgresBackends() {
		return this.jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
				Integer.class);
	}

	/** User and system CPU of the processes, in clock ticks (/proc/PID/stat). */
	private static long cpuTicks(List<Integer> pids) {
		long ticks = 0;
		for (int pid : pids) {
			try {
				String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			}
			catch (java.io.IOException ex) {
				// the server runs elsewhere or the backend ended: not counted
			}
		}
		return ticks;
	}

	/**
	 * CPU of this JVM's JIT compiler threads, in clock ticks (/proc/self/task): code
	 * still being compiled in a phase counts in the JVM's CPU, not in what a run costs
	 * once compiled. Compiler threads the JVM ended during the phase are not counted.
	 */
	private static long jitCpuTicks() {
		long ticks = 0;
		try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : tasks.toList()) {
				try {
					if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
						String stat = Files.readString(task.resolve("stat"));
						String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
						ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					}
				}
				catch (java.io.IOException ex) {
					// the thread ended
				}
			}
		}
		catch (java.io.IOException ex) {
			// not Linux: not counted
		}
		return ticks;
	}

	/** The JVM's CPU per second (JIT left out) over two idle seconds. */
	private static double idleJvmMillisPerSecond() {
		long jvmBefore = jvmCpuNanos();
		long jitBefore = jitCpuTicks();
		long start = System.nanoTime();
		try {
			Thread.sleep(2000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return ((jvmCpuNanos() - jvmBefore) / 1e6 - (jitCpuTicks() - jitBefore) * 1000.0 / CLOCK_TICKS) / seconds;
	}

	private static long jvmCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (java.io.IOException ex) {
			return "unknown";
		}
	}

	private static void report(String what, double perSecond, double[] millis) {
		System.out.printf("%-52s %8.1f/s  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms%n", what, perSecond,
				percentile(millis, 50), percentile(millis, 95), percentile(millis, 99));
	}

	private static double percentile(double[] values, int percentile) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
