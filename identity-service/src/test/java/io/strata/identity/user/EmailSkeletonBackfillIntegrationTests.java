package io.strata.identity.user;

import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.strata.testsupport.LocalStack;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java migration on a database with addresses stored before {@link EmailAddresses}: a
 * fresh PostgreSQL database migrated to V8, given rows, then migrated on.
 */
class EmailSkeletonBackfillIntegrationTests {

	@Test
	void existingAddressesAreRespelledAndGetTheirSkeleton() {
		DriverManagerDataSource database = new DriverManagerDataSource(
				LocalStack.jdbcUrl(LocalStack.createDatabase("backfill")), LocalStack.postgresUser(),
				LocalStack.postgresPassword());
		migrate(database, "8");
		JdbcTemplate jdbc = new JdbcTemplate(database);
		jdbc.update("INSERT INTO tenants (id, name) VALUES ('ten_a', 'A')");
		for (String[] user : List.of(new String[] { "usr_1", "user@bücher.example" },
				new String[] { "usr_2", "ａｄｍｉｎ@example.com" }, new String[] { "usr_3", "admin@example.com" },
				new String[] { "usr_4", "plain@example.com" })) {
			jdbc.update("INSERT INTO users (id, tenant_id, email, password_hash) VALUES (?, 'ten_a', ?, 'x')", user[0],
					user[1]);
		}
		migrate(database, "latest");
		Map<String, String> emails = new java.util.TreeMap<>();
		jdbc.query("SELECT id, email, email_skeleton FROM users", (rs) -> {
			emails.put(rs.getString("id"), rs.getString("email"));
			assertThat(rs.getString("email_skeleton")).isEqualTo(EmailAddresses.skeleton(rs.getString("email")));
		});
		// usr_2's new spelling is usr_3's address: it keeps its own until an admin merges
		// them
		assertThat(emails).containsExactly(Map.entry("usr_1", "user@xn--bcher-kva.example"),
				Map.entry("usr_2", "ａｄｍｉｎ@example.com"), Map.entry("usr_3", "admin@example.com"),
				Map.entry("usr_4", "plain@example.com"));
		assertThat(jdbc.queryForObject(
				"SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email_skeleton'",
				String.class))
			.isEqualTo("NO");
	}

	private static void migrate(DriverManagerDataSource database, String target) {
		Flyway.configure()
			.dataSource(database)
			.locations("classpath:db/migration", "classpath:db/platform")
			.javaMigrations(new EmailSkeletonBackfill())
			.target(target)
			.load()
			.migrate();
	}

}
