package io.strata.notification.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * CPU time spent by this JVM and by the PostgreSQL backends serving its database (read
 * from {@code /proc}, so only when PostgreSQL runs on this machine), between
 * {@link #start} and {@link #stop}. On a shared, loaded machine a rate swings with the
 * load; CPU per unit of work much less.
 */
public final class CpuMeter {

	/**
	 * Linux's USER_HZ, the unit of {@code /proc/<pid>/stat}'s times, on every platform it
	 * runs on.
	 */
	private static final long TICK_MILLIS = 10;

	private final JdbcTemplate jdbc;

	private final long jvmStart;

	private final Map<Integer, Long> backendsStart;

	private CpuMeter(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.jvmStart = jvmNanos();
		this.backendsStart = backendTicks(jdbc);
	}

	public static CpuMeter start(JdbcTemplate jdbc) {
		return new CpuMeter(jdbc);
	}

	/** Milliseconds of CPU since the start: this JVM's and the database backends'. */
	public Cpu stop() {
		long jvm = (jvmNanos() - this.jvmStart) / 1_000_000;
		Map<Integer, Long> now = backendTicks(this.jdbc);
		long ticks = 0;
		boolean readable = !now.isEmpty();
		for (Map.Entry<Integer, Long> backend : now.entrySet()) {
			ticks += backend.getValue() - this.backendsStart.getOrDefault(backend.getKey(), 0L);
		}
		return new Cpu(jvm, readable ? ticks * TICK_MILLIS : -1);
	}

	private static long jvmNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static Map<Integer, Long> backendTicks(JdbcTemplate jdbc) {
		List<Integer> pids = jdbc.queryForList(
				"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'",
				Integer.class);
		Map<Integer, Long> ticks = new HashMap<>();
		for (Integer pid : pids) {
			try {
				String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				// utime and stime, the 14th and 15th fields (the 3rd is the first after
				// the name)
				ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
			}
			catch (IOException | RuntimeException ex) {
				// not on this machine, or gone meanwhile
			}
		}
		return ticks;
	}

	/**
	 * CPU milliseconds.
	 *
	 * @param jvm this JVM's
	 * @param database the database backends', or -1 when they could not be read
	 */
	public record Cpu(long jvm, long database) {

	}

}
