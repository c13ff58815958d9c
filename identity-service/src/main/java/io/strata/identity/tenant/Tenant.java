package io.strata.identity.tenant;

import io.strata.platform.web.ETags;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A tenant as platform admins manage it.
 *
 * @param limits per-tenant settings such as {@code rate_limit_per_second}
 * @param version the row's version: its ETag
 */
public record Tenant(String id, String name, String plan, Status status, Map<String, Long> limits, int version,
		Instant createdAt, Instant updatedAt) {

	public String etag() {
		return ETags.of(this.version);
	}

	/**
	 * Whether the tenant is served. Only an active tenant gets tokens; a deleted one is
	 * refused like a suspended one (and its rows are gone).
	 */
	public enum Status {

		ACTIVE, SUSPENDED, DELETED;

		/**
		 * The stored and wire form: {@code active}, {@code suspended}, {@code deleted}.
		 */
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Status of(String value) {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}

	}

}
