package io.strata.identity.client;

import com.github.benmanes.caffeine.cache.Cache;

import io.strata.identity.cache.LocalCaches;
import io.strata.identity.config.IdentityProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Component;

/**
 * The authorization server's registered clients: Spring's JDBC store, with the look-up by
 * client id (one per token request, its settings parsed from JSON each time) kept in
 * memory for {@code strata.identity.caches.client-ttl}. An unknown client id is not kept,
 * so a new client works at once. A change drops the entry: {@link #save} and
 * {@link #evict} on this instance, PostgreSQL's notification on every instance
 * ({@link LocalCaches}); so a deleted client gets no token from this instance after the
 * deletion returns, nor from another once it heard of it, and at worst (its listening
 * connection broken) after the entry's lifetime.
 */
@Component
public class CachedClients implements RegisteredClientRepository {

	private final JdbcRegisteredClientRepository store;

	private final Cache<String, RegisteredClient> byClientId;

	CachedClients(JdbcTemplate jdbc, LocalCaches caches, IdentityProperties properties) {
		this.store = new JdbcRegisteredClientRepository(jdbc);
		this.byClientId = caches.cache("client", properties.caches().clientTtl());
	}

	/**
	 * Stores the client (outside a transaction: committed on return) and drops its entry.
	 */
	@Override
	public void save(RegisteredClient registeredClient) {
		this.store.save(registeredClient);
		evict(registeredClient.getClientId());
	}

	/** Not on the token endpoint's path (reading stored authorizations): not kept. */
	@Override
	public RegisteredClient findById(String id) {
		return this.store.findById(id);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return this.byClientId.get(clientId, this.store::findByClientId);
	}

	/** Drops the client's entry: call it once a change of its row has committed. */
	public void evict(String clientId) {
		this.byClientId.invalidate(clientId);
	}

}
