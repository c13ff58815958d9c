package io.strata.analytics.rebuild;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

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
	View view() {
		long replayedNow = this.replayed.get();
		return new View(this.id, "analytics.rebuild", this.state.name().toLowerCase(), this.state != State.RUNNING,
				replayedNow, (this.total >= 0) ? this.total : null, percent(replayedNow), this.index, this.startedAt,
				this.finishedAt, this.error);
	}

	/** A rebuild of the resources read model, as a long-running operation. */
	@Schema(name = "IndexRebuild", description = "A rebuild of the resources read model and its progress.")
	record View(@Schema(example = "rebuild-3f2a9c") String id, @Schema(example = "analytics.rebuild") String kind,
			@Schema(example = "running", allowableValues = {
					"running", "succeeded", "failed" }) String state,
			@Schema(example = "false") boolean done, @Schema(example = "12000") long eventsReplayed,
			@Nullable @Schema(example = "48000") Long eventsTotal, @Schema(example = "25.0") double percent,
			@Nullable @Schema(example = "strata-resources-v1714560000000") String index,
			@Schema(example = "2024-05-01T12:00:00Z") Instant startedAt,
			@Nullable @Schema(example = "2024-05-01T12:04:00Z") Instant finishedAt, @Nullable String error){

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
