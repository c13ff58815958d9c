package io.strata.e2e;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A receiver for the fault drills. Webhooks on {@code /hook}: per drill item (the
 * {@code drill-…} marker in the body) it keeps the distinct {@code webhook-id}s, so a
 * drill can tell a lost event from a redelivery (same id, which a receiver deduplicates)
 * and from a second event for one write (a new id). Workflow HTTP steps on {@code /step}:
 * the item is the {@code Idempotency-Key} (one per step of a run), so a step applied
 * again by a new run shows as an extra item and a retried call as a redelivery.
 */
final class DrillReceiver implements AutoCloseable {

	private static final Pattern MARKER = Pattern.compile("drill-[a-z]+-[0-9a-f]+-\\d+");

	private final Map<String, Set<String>> idsByItem = new ConcurrentHashMap<>();

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong lastCallNanos = new AtomicLong(System.nanoTime());

	private final LocalServer server;

	private DrillReceiver() {
		this.server = LocalServer.start(Map.of("/hook", (request) -> {
			Matcher marker = MARKER.matcher(request.body());
			if (marker.find()) {
				record(marker.group(), request.header("webhook-id"));
			}
			return LocalServer.Reply.noContent();
		}, "/step", (request) -> {
			String key = request.header("Idempotency-Key");
			record(String.valueOf(key), key);
			return LocalServer.Reply.json("{\"ok\":true}");
		}));
	}

	static DrillReceiver start() {
		return new DrillReceiver();
	}

	private void record(String item, String id) {
		this.calls.incrementAndGet();
		this.lastCallNanos.set(System.nanoTime());
		this.idsByItem.computeIfAbsent(item, (key) -> ConcurrentHashMap.newKeySet()).add(String.valueOf(id));
	}

	String url(String path) {
		return this.server.url(path);
	}

	/** Items received at least once. */
	int items() {
		return this.idsByItem.size();
	}

	boolean received(String item) {
		return this.idsByItem.containsKey(item);
	}

	/** Items received under more than one id: applied (or delivered) as if new, twice. */
	long itemsWithSeveralIds() {
		return this.idsByItem.values().stream().filter((ids) -> ids.size() > 1).count();
	}

	/** Calls beyond the first per item and id: redeliveries a receiver deduplicates. */
	long redeliveries() {
		long distinct = this.idsByItem.values().stream().mapToLong(Set::size).sum();
		return Math.max(0, this.calls.get() - distinct);
	}

	long millisSinceLastCall() {
		return (System.nanoTime() - this.lastCallNanos.get()) / 1_000_000;
	}

	@Override
	public void close() {
		this.server.close();
	}

}
