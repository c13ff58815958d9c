package io.strata.workflow.support;

import java.util.ArrayList;
import java.util.List;

import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;

import org.springframework.stereotype.Component;

/**
 * The outbox as the workflow's steps and the engine append to it: at once, or, in a
 * transaction that {@link #collect collects} (one that advances many runs), kept in their
 * order and written in one batch just before it commits.
 */
@Component
public class TransactionEvents {

	private final Outbox outbox;

	TransactionEvents(Outbox outbox) {
		this.outbox = outbox;
	}

	/** From now on, the current transaction's events are written when it commits. */
	public void collect() {
		TransactionScoped.obtain(this, ArrayList<DomainEvent>::new, this::write);
	}

	/** Appends the event inside the caller's transaction. */
	public void append(DomainEvent event) {
		List<DomainEvent> collected = TransactionScoped.find(this);
		if (collected != null) {
			collected.add(event);
		}
		else {
			this.outbox.append(event);
		}
	}

	/** Appends the events, in order, inside the caller's transaction. */
	public void appendAll(List<DomainEvent> events) {
		List<DomainEvent> collected = TransactionScoped.find(this);
		if (collected != null) {
			collected.addAll(events);
		}
		else {
			this.outbox.appendAll(events);
		}
	}

	private void write(List<DomainEvent> collected) {
		this.outbox.appendAll(List.copyOf(collected));
		collected.clear();
	}

}
