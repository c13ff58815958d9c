package io.strata.platform.tenant;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The tenants this instance refuses to serve: suspended ones until they are resumed,
 * deleted ones for good. Fed by {@link TenantStatusAutoConfiguration}'s listener, which
 * reads identity's events from the beginning when the instance starts; until it has read
 * up to where the topic ended at that moment ({@link #caughtUp()}), the instance does not
 * know every suspension yet, so callers wait for it ({@link #awaitCaughtUp}) rather than
 * serve a suspended tenant.
 */
public class RefusedTenants {

	private final Set<String> suspended = ConcurrentHashMap.newKeySet();

	private final Set<String> deleted = ConcurrentHashMap.newKeySet();

	private final CountDownLatch caughtUp = new CountDownLatch(1);

	public void apply(TenantChange change) {
		switch (change.kind()) {
			case SUSPENDED -> this.suspended.add(change.tenantId());
			case RESUMED -> this.suspended.remove(change.tenantId());
			case DELETED -> this.deleted.add(change.tenantId());
		}
	}

	public boolean refuses(String tenantId) {
		return this.suspended.contains(tenantId) || this.deleted.contains(tenantId);
	}

	/** Whether identity deleted the tenant: its data must not come back. */
	public boolean deleted(String tenantId) {
		return this.deleted.contains(tenantId);
	}

	/**
	 * The listener has read every tenant change published before this instance started.
	 */
	void markCaughtUp() {
		this.caughtUp.countDown();
	}

	public boolean caughtUp() {
		return this.caughtUp.getCount() == 0;
	}

	/**
	 * Waits until {@link #caughtUp()}, at most {@code patience}.
	 * @return whether it is caught up
	 */
	public boolean awaitCaughtUp(Duration patience) {
		try {
			return this.caughtUp.await(patience.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
