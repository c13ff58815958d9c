package io.strata.identity.user;

import java.util.Map;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 9, in Java because SQL cannot compute a UTS #39 skeleton: brings the
 * addresses stored before {@link EmailAddresses} to its spelling (NFKC, IDNA domain),
 * fills {@code users.email_skeleton} (added by V8) and then requires it. An address whose
 * new spelling another row of the tenant already has keeps its old one: merging two
 * accounts is an admin's decision, not a migration's. Spring Boot hands Flyway the
 * {@code JavaMigration} beans.
 */
@Component
class EmailSkeletonBackfill implements JavaMigration {

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("9");
	}

	@Override
	public String getDescription() {
		return "email skeleton backfill";
	}

	@Override
	public Integer getChecksum() {
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) {
		JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true));
		for (Map<String, Object> user : jdbc.queryForList("SELECT id, tenant_id, email FROM users")) {
			String email = respell(jdbc, "users", user);
			jdbc.update("UPDATE users SET email = ?, email_skeleton = ? WHERE id = ?", email,
					EmailAddresses.skeleton(email), user.get("id"));
		}
		for (Map<String, Object> invitation : jdbc.queryForList("SELECT id, tenant_id, email FROM invitations")) {
			jdbc.update("UPDATE invitations SET email = ? WHERE id = ?", respell(jdbc, "invitations", invitation),
					invitation.get("id"));
		}
		jdbc.execute("ALTER TABLE users ALTER COLUMN email_skeleton SET NOT NULL");
	}

	private static String respell(JdbcTemplate jdbc, String table, Map<String, Object> row) {
		String email = (String) row.get("email");
		String normalized = EmailAddresses.normalize(email).orElse(email);
		boolean taken = !normalized.equals(email) && !jdbc
			.queryForList("SELECT 1 FROM " + table + " WHERE tenant_id = ? AND email = ?", Integer.class,
					row.get("tenant_id"), normalized)
			.isEmpty();
		return taken ? email : normalized;
	}

}
