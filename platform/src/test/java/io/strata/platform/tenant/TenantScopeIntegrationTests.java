package io.strata.platform.tenant;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Row-level security on real PostgreSQL: a tenant-scoped transaction sees and writes only
 * its tenant's rows.
 */
@SpringBootTest
@StrataServers({ Server.POSTGRES, Server.KAFKA })
class TenantScopeIntegrationTests {

	@Autowired
	TenantScope scope;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@BeforeEach
	void table() {
		this.jdbc.execute("""
				CREATE TABLE IF NOT EXISTS note (id SERIAL PRIMARY KEY, tenant_id TEXT NOT NULL, body TEXT);
				ALTER TABLE note ENABLE ROW LEVEL SECURITY;
				DROP POLICY IF EXISTS tenant_isolation ON note;
				CREATE POLICY tenant_isolation ON note
				    USING (tenant_id = current_setting('app.tenant_id', true))
				    WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
				GRANT SELECT, INSERT, UPDATE, DELETE ON note TO strata_app;
				GRANT USAGE ON SEQUENCE note_id_seq TO strata_app;
				TRUNCATE note;
				INSERT INTO note (tenant_id, body) VALUES ('a', 'a1'), ('a', 'a2'), ('b', 'b1');""");
	}

	@Test
	void tenantSeesOnlyItsRowsWhateverTheQuery() {
		assertThat(bodies("a")).containsExactlyInAnyOrder("a1", "a2");
		assertThat(bodies("b")).containsExactly("b1");
	}

	@Test
	void queryAsTheAppRoleWithoutTenantSeesNothing() {
		List<String> seen = this.transactions.execute((status) -> {
			this.jdbc.execute("SET LOCAL ROLE strata_app");
			return this.jdbc.queryForList("SELECT body FROM note", String.class);
		});
		assertThat(seen).isEmpty();
	}

	@Test
	void tenantCannotWriteOrChangeAnotherTenantsRows() {
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.scope.run("a",
				(status) -> this.jdbc.update("INSERT INTO note (tenant_id, body) VALUES ('b', 'sneaky')")));
		int changed = this.scope.call("a",
				(status) -> this.jdbc.update("UPDATE note SET body = 'x' WHERE tenant_id = 'b'"));
		assertThat(changed).isZero();
		assertThat(bodies("b")).containsExactly("b1");
	}

	@Test
	void settingsEndWithTheTransaction() {
		this.scope.run("a", (status) -> this.jdbc.queryForList("SELECT body FROM note", String.class));
		String role = this.jdbc.queryForObject("SELECT current_user", String.class);
		assertThat(role).isNotEqualTo(TenantScope.APP_ROLE);
	}

	private List<String> bodies(String tenant) {
		return this.scope.call(tenant, (status) -> this.jdbc.queryForList("SELECT body FROM note", String.class));
	}

}
