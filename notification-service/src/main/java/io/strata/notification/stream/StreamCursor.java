package io.strata.notification.stream;

import java.util.List;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * Position in a tenant's event stream, sent as the SSE id ({@code <txid>-<seq>}) and
 * taken back from {@code Last-Event-ID}.
 */
public record StreamCursor(long txid, long seq) {

	static final StreamCursor START = new StreamCursor(0, 0);

	public static StreamCursor parse(String lastEventId) {
		String[] parts = lastEventId.trim().split("-");
		try {
			if (parts.length == 2) {
				return new StreamCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ProblemException.invalid("Last-Event-ID is not an id this stream sent.",
				List.of(new FieldViolation("/headers/Last-Event-ID", "must be an event id from this stream")));
	}

	@Override
	public String toString() {
		return this.txid + "-" + this.seq;
	}

}
