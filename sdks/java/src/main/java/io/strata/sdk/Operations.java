package io.strata.sdk;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JavaType;

import io.strata.sdk.model.CancelAccepted;
import io.strata.sdk.model.Operation;
import io.strata.sdk.model.OperationSummary;
import io.strata.sdk.model.SignalAccepted;

/** Operations: the workflow runs that actions start. */
public final class Operations {

	/** The statuses after which an operation no longer changes. */
	public static final Set<String> TERMINAL = Set.of("completed", "failed", "compensated", "cancelled");

	private static final Duration FIRST_POLL = Duration.ofMillis(200);

	private static final Duration LONGEST_POLL = Duration.ofSeconds(5);

	private final Transport transport;

	private final JavaType pageType = Transport.JSON.getTypeFactory()
		.constructParametricType(Page.class, OperationSummary.class);

	Operations(Transport transport) {
		this.transport = transport;
	}

	public Operation get(String id) {
		return this.transport.send(Transport.Call.of("GET", Transport.path("/v2/operations/{id}", id)),
				Operation.class);
	}

	/** The operations of one resource, newest first (summaries: no steps). */
	public PagedIterable<OperationSummary> list(String resourceId) {
		ListParams query = new ListParams().param("resource_id", resourceId);
		return new PagedIterable<>((token) -> this.transport
			.send(Transport.Call.of("GET", "/v2/operations").query(query.toQuery(token)), this.pageType));
	}

	/**
	 * Polls the operation (200 ms, then ×1.5 up to 5 s between polls) until it reaches a {@link #TERMINAL}
	 * status, and returns it then; a failed operation is returned too (look at its status and error).
	 *
	 * @throws OperationTimeoutException when it has not finished within the timeout
	 */
	public Operation waitFor(String id, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Duration pause = FIRST_POLL;
		while (true) {
			Operation operation = get(id);
			if (operation != null && TERMINAL.contains(operation.getStatus())) {
				return operation;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new OperationTimeoutException(id, operation);
			}
			try {
				Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new OperationTimeoutException(id, operation);
			}
			pause = Duration.ofMillis(Math.min(LONGEST_POLL.toMillis(), (long) (pause.toMillis() * 1.5)));
		}
	}

	/** Sends a named signal (with an optional JSON object payload) to a waiting operation. */
	public SignalAccepted signal(String id, String name, Map<String, ?> payload) {
		return this.transport.send(
				Transport.Call.of("POST", Transport.path("/v2/operations/{id}/signals/{name}", id, name))
					.body((payload != null) ? payload : Map.of()),
				SignalAccepted.class);
	}

	/** Asks the operation to stop (it compensates what it did). */
	public CancelAccepted cancel(String id) {
		return this.transport.send(Transport.Call.of("POST", Transport.path("/v2/operations/{id}/cancel", id)),
				CancelAccepted.class);
	}

}
