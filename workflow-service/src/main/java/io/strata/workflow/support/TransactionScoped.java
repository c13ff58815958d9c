package io.strata.workflow.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A map that lives as long as the current transaction (what a transaction has read and
 * holds locked, so it need not read it again); gone when the transaction ends.
 */
public final class TransactionScoped {

	private TransactionScoped() {
	}

	/** The map kept under {@code key} in the current transaction, or null. */
	@SuppressWarnings("unchecked")
	public static <K, V> Map<K, V> find(Object key) {
		return TransactionSynchronizationManager.isSynchronizationActive()
				? (Map<K, V>) TransactionSynchronizationManager.getResource(key) : null;
	}

	/**
	 * The map kept under {@code key} in the current transaction, created when there is
	 * none yet; null outside a transaction.
	 */
	public static <K, V> Map<K, V> obtain(Object key) {
		Map<K, V> map = find(key);
		if (map != null || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return map;
		}
		Map<K, V> created = new HashMap<>();
		TransactionSynchronizationManager.bindResource(key, created);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
			}
		});
		return created;
	}

}
