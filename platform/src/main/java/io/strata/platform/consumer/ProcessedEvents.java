package io.strata.platform.consumer;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a Kafka handler effectively once: the event id is recorded in the consumer's own
 * database in the same transaction as the handler's effect, so a redelivered event finds
 * its id and changes nothing.
 */
public class ProcessedEvents {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public ProcessedEvents(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Runs {@code effect} in one transaction with the record that {@code consumer}
	 * processed {@code eventId}, unless it already did. Empty when the event was a
	 * duplicate; if the effect throws, neither is committed.
	 */
	public <T> Optional<T> once(String consumer, String eventId, Supplier<T> effect) {
		return this.transactions.execute((status) -> {
			int inserted = this.jdbc.update("""
					INSERT INTO strata_processed_event (consumer, event_id) VALUES (?, ?)
					ON CONFLICT DO NOTHING""", consumer, eventId);
			return (inserted == 1) ? Optional.ofNullable(effect.get()) : Optional.<T>empty();
		});
	}

	/**
	 * The batched form of {@link #once}, for batch listeners: in one transaction, records
	 * every id of {@code eventIds} that {@code consumer} has not processed yet (one
	 * statement, however many ids) and runs {@code effect} with those fresh ids, in their
	 * order of first appearance; an id given twice counts once. If the effect throws,
	 * nothing is committed, so the whole batch can be handed over again.
	 */
	public <T> T onceEach(String consumer, List<String> eventIds, Function<List<String>, T> effect) {
		String[] ids = new LinkedHashSet<>(eventIds).toArray(String[]::new);
		return this.transactions.execute((status) -> {
			Set<String> inserted = new LinkedHashSet<>(this.jdbc.queryForList("""
					INSERT INTO strata_processed_event (consumer, event_id)
					SELECT ?, unnest(?::text[]) ON CONFLICT DO NOTHING RETURNING event_id""", String.class, consumer,
					ids));
			return effect.apply(Arrays.stream(ids).filter(inserted::contains).toList());
		});
	}

	public boolean wasProcessed(String consumer, String eventId) {
		Integer count = this.jdbc.queryForObject(
				"SELECT count(*) FROM strata_processed_event WHERE consumer = ? AND event_id = ?", Integer.class,
				consumer, eventId);
		return count != null && count > 0;
	}

}
