package io.strata.notification.endpoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Endpoints in PostgreSQL. Callers run inside a tenant scope: row-level security limits
 * every statement to the current tenant, whatever the SQL says.
 */
@Repository
public class EndpointRepository {

	private static final String COLUMNS = """
			id, tenant_id, url, description, event_types, rate_limit_per_second, metadata::text AS metadata, status,
			disabled_reason, version, created_at, updated_at""";

	private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	public EndpointRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public void insert(Endpoint endpoint, byte[] encryptedSecret) {
		this.jdbc.sql("""
				INSERT INTO webhook_endpoint (id, tenant_id, url, description, event_types, rate_limit_per_second,
				                              metadata, status, secret)
				VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)""")
			.params(endpoint.id(), endpoint.tenantId(), endpoint.url(), endpoint.description(),
					endpoint.eventTypes().toArray(String[]::new), endpoint.rateLimitPerSecond(),
					this.json.writeValueAsString(endpoint.metadata()), endpoint.status(), encryptedSecret)
			.update();
	}

	public Optional<Endpoint> find(String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE id = ?")
			.param(id)
			.query(this::endpoint)
			.optional();
	}

	/** Up to {@code limit} endpoints after the given id, in creation order. */
	public List<Endpoint> list(String afterId, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE id > ? ORDER BY id LIMIT ?")
			.params((afterId != null) ? afterId : "", limit)
			.query(this::endpoint)
			.list();
	}

	/** Saves the changed fields if the version is still the one read; false if not. */
	public boolean update(Endpoint endpoint) {
		return this.jdbc.sql("""
				UPDATE webhook_endpoint
				SET url = ?, description = ?, event_types = ?, rate_limit_per_second = ?, metadata = CAST(? AS jsonb),
				    status = ?, disabled_reason = ?, version = version + 1, updated_at = now(),
				    failing_since = CASE WHEN status <> 'enabled' THEN NULL ELSE failing_since END
				WHERE id = ? AND version = ?""")
			.params(endpoint.url(), endpoint.description(), endpoint.eventTypes().toArray(String[]::new),
					endpoint.rateLimitPerSecond(), this.json.writeValueAsString(endpoint.metadata()), endpoint.status(),
					endpoint.disabledReason(), endpoint.id(), endpoint.version())
			.update() == 1;
	}

	public boolean delete(String id) {
		return this.jdbc.sql("DELETE FROM webhook_endpoint WHERE id = ?").param(id).update() == 1;
	}

	/**
	 * Makes {@code newSecret} current and keeps the current one valid until
	 * {@code previousUntil}, so receivers can switch without missing a delivery.
	 */
	public void rotate(String id, byte[] newSecret, Instant previousUntil) {
		this.jdbc.sql("""
				UPDATE webhook_endpoint
				SET previous_secret = secret, previous_secret_expires_at = ?, secret = ?, version = version + 1,
				    updated_at = now()
				WHERE id = ?""").params(Timestamp.from(previousUntil), newSecret, id).update();
	}

	/**
	 * Disables an endpoint unless it already is; true if this call disabled it (so only
	 * one caller publishes the {@code endpoint.disabled} event).
	 */
	public boolean disable(String id, String reason) {
		return this.jdbc.sql("""
				UPDATE webhook_endpoint SET status = 'disabled', disabled_reason = ?, version = version + 1,
				       updated_at = now()
				WHERE id = ? AND status = 'enabled'""").params(reason, id).update() == 1;
	}

	/** Ids of the enabled endpoints subscribed to {@code eventType}. */
	public List<String> subscribedTo(String eventType) {
		return this.jdbc
			.sql("SELECT id FROM webhook_endpoint WHERE status = 'enabled' AND event_types && CAST(? AS text[])")
			.param(EventTypePatterns.matching(eventType).toArray(String[]::new))
			.query(String.class)
			.list();
	}

	private Endpoint endpoint(ResultSet rs, int row) throws SQLException {
		String[] types = (String[]) rs.getArray("event_types").getArray();
		Integer rate = rs.getObject("rate_limit_per_second", Integer.class);
		Map<String, Object> metadata = this.json.readValue(rs.getString("metadata"), MAP);
		return new Endpoint(rs.getString("id"), rs.getString("tenant_id"), rs.getString("url"),
				rs.getString("description"), Arrays.asList(types), rate, metadata, rs.getString("status"),
				rs.getString("disabled_reason"), rs.getLong("version"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant());
	}

}
