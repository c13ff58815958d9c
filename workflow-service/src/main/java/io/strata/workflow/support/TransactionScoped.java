package io.strata.workflow.support;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value that lives as long as the current transaction (what a transaction has read and
 * holds locked, so it need not read it again; what it writes at its end); gone when the
 * transaction ends.
 */
public final class TransactionScoped {

	private TransactionScoped() {
	}

	/** The value kept under {@code key} in the current transaction, or null. */
	@SuppressWarnings("unchecked")
	public static <T> T find(Object key) {
		return TransactionSynchronizationManager.isSynchronizationActive()
				? (T) TransactionSynchronizationManager.getResource(key) : null;
	}

	/**
	 * The value kept under {@code key} in the current transaction, created when there is
	 * none yet; null outside a transaction.
	 */
	public static <T> T obtain(Object key, Supplier<T> create) {
		return obtain(key, create, (value) -> {
		});
	}

	/**
	 * The same; {@code beforeCommit} gets the value just before the transaction commits
	 * (still inside it: what it writes commits with the rest).
	 */
	public static <T> T obtain(Object key, Supplier<T> create, Consumer<T> beforeCommit) {
		T value = find(key);
		if (value != null || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return value;
		}
		T created = create.get();
		TransactionSynchronizationManager.bindResource(key, created);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void beforeCommit(boolean readOnly) {
				beforeCommit.accept(created);
			}

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
			}
		});
		return created;
	}

}
