package io.strata.identity.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.identity.config.IdentityProperties;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Identity's in-memory copies of rows the token endpoint reads on every request (a
 * registered client, a tenant's status), so that issuing a token needs no round trip to
 * PostgreSQL, and how each instance learns that such a row changed.
 * <p>
 * Each cache has a kind ({@code client}, {@code tenant}); the tables' triggers (migration
 * {@code V13}) send {@code NOTIFY identity_cache, '<kind>:<key>'} when a row is changed
 * or deleted, which PostgreSQL delivers at commit to every listening connection, this
 * instance's included; each instance listens on one connection of its pool and drops the
 * named entry. The code that changes a row also drops its entry right after the commit,
 * so the change holds on that instance at once and elsewhere within the notification's
 * delay (milliseconds). While the listening connection is broken an instance hears
 * nothing: it empties every cache when it listens again, and meanwhile an entry is kept
 * at most for its cache's lifetime ({@link IdentityProperties.Caches}), which bounds how
 * stale a lost notification can leave it.
 */
@Component
public class LocalCaches implements SmartLifecycle {

	static final String CHANNEL = "identity_cache";

	private static final Logger log = LoggerFactory.getLogger(LocalCaches.class);

	private static final int POLL_MILLIS = 500;

	private final Map<String, Cache<String, ?>> caches = new ConcurrentHashMap<>();

	private final DataSource dataSource;

	private final long maximumSize;

	private volatile boolean running;

	private Thread listener;

	LocalCaches(DataSource dataSource, IdentityProperties properties) {
		this.dataSource = dataSource;
		this.maximumSize = properties.caches().maximumSize();
	}

	/**
	 * A new cache of the given kind, whose entries expire {@code ttl} after they were
	 * read and are dropped when their row changes. A loader that returns {@code null} (an
	 * unknown key) caches nothing.
	 */
	public <V> Cache<String, V> cache(String kind, Duration ttl) {
		Cache<String, V> cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(this.maximumSize).build();
		if (this.caches.putIfAbsent(kind, cache) != null) {
			throw new IllegalStateException("A cache of kind " + kind + " exists already");
		}
		return cache;
	}

	void changed(String payload) {
		int colon = payload.indexOf(':');
		Cache<String, ?> cache = (colon > 0) ? this.caches.get(payload.substring(0, colon)) : null;
		if (cache != null) {
			cache.invalidate(payload.substring(colon + 1));
		}
	}

	private void forgetEverything() {
		this.caches.values().forEach(Cache::invalidateAll);
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				// whatever changed while nobody listened
				forgetEverything();
				try {
					receive(connection.unwrap(PGConnection.class));
				}
				finally {
					unlisten(connection);
				}
			}
			catch (SQLException | RuntimeException ex) {
				forgetEverything();
				if (this.running) {
					log.warn("Not listening for changes of cached rows ({}): trying again in a second; cached"
							+ " entries live at most their lifetime meanwhile", ex.getMessage());
					pause();
				}
			}
		}
	}

	private void receive(PGConnection connection) throws SQLException {
		while (this.running) {
			PGNotification[] received = connection.getNotifications(POLL_MILLIS);
			if (received != null) {
				for (PGNotification notification : received) {
					changed(notification.getParameter());
				}
			}
		}
	}

	/**
	 * The connection goes back to the pool: no other user should collect notifications.
	 */
	private static void unlisten(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			statement.execute("UNLISTEN " + CHANNEL);
		}
		catch (SQLException ex) {
			// a broken connection, which the pool discards
		}
	}

	private void pause() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.listener = Thread.ofPlatform().daemon().name("identity-cache-listener").start(this::listen);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.listener != null) {
			try {
				this.listener.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
