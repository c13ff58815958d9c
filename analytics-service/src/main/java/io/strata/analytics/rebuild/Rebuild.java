package io.strata.analytics.rebuild;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One rebuild of the resources read model and its progress. Mutable on purpose: the
 * replay thread advances it while status requests read it, so every field is atomic or
 * volatile.
 */
final class Rebuild {

	enum State {

		RUNNING, SUCCEEDED, FAILED

	}

	private final String id;

	private final Instant startedAt;

	private final AtomicLong replayed = new AtomicLong();

	private volatile long total = -1;

	private volatile State state = State.RUNNING;

	private volatile String index;

	private volatile Instant finishedAt;

	private volatile String error;

	Rebuild(String id, Instant startedAt) {
		this.id = id;
		this.startedAt = startedAt;
	}

	String id() {
		return this.id;
	}

	State state() {
		return this.state;
	}

	void index(String index) {
		this.index = index;
	}

	void total(long total) {
		this.total = total;
	}

	void replayed(long count) {
		this.replayed.set(count);
	}

	void succeeded() {
		this.finishedAt = Instant.now();
		this.state = State.SUCCEEDED;
	}

	void failed(String error) {
		this.error = error;
		this.finishedAt = Instant.now();
		this.state = State.FAILED;
	}

	/** The operation as the API shows it. */
	Map<String, Object> view() {
		long replayedNow = this.replayed.get();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", this.id);
		view.put("kind", "analytics.rebuild");
		view.put("state", this.state.name().toLowerCase());
		view.put("done", this.state != State.RUNNING);
		view.put("events_replayed", replayedNow);
		view.put("events_total", (this.total >= 0) ? this.total : null);
		view.put("percent", percent(replayedNow));
		view.put("index", this.index);
		view.put("started_at", this.startedAt.toString());
		view.put("finished_at", (this.finishedAt != null) ? this.finishedAt.toString() : null);
		view.put("error", this.error);
		return view;
	}

	private double percent(long replayedNow) {
		if (this.state == State.SUCCEEDED || this.total == 0) {
			return (this.state == State.SUCCEEDED) ? 100.0 : 0.0;
		}
		if (this.total < 0) {
			return 0.0;
		}
		return Math.min(100.0, Math.floor(replayedNow * 1000.0 / this.total) / 10.0);
	}

}
