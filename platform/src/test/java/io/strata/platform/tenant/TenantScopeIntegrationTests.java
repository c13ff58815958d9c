package io.strata.platform.tenant;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
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

	@Test
	void aTransactionThatLosesADeadlockRunsAgain() throws Exception {
		CyclicBarrier bothHoldTheirFirstRow = new CyclicBarrier(2);
		AtomicInteger attempts = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<String> forward = threads.submit(() -> lockInOrder("a1", "a2", bothHoldTheirFirstRow, attempts));
			Future<String> backward = threads.submit(() -> lockInOrder("a2", "a1", bothHoldTheirFirstRow, attempts));
			assertThat(forward.get(30, TimeUnit.SECONDS)).isEqualTo("a1 a2");
			assertThat(backward.get(30, TimeUnit.SECONDS)).isEqualTo("a2 a1");
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(attempts).as("PostgreSQL aborted one of them, which ran again").hasValue(3);
	}

	@Test
	void aTransactionJoinedFromAnOuterOneIsNotRetriedOnItsOwn() {
		AtomicInteger attempts = new AtomicInteger();
		assertThatExceptionOfType(PessimisticLockingFailureException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((outer) -> this.scope.call("a", (status) -> {
				attempts.incrementAndGet();
				throw new PessimisticLockingFailureException("deadlock");
			})));
		assertThat(attempts).hasValue(1);
	}

	private String lockInOrder(String first, String second, CyclicBarrier barrier, AtomicInteger attempts) {
		boolean[] firstAttempt = { true };
		return this.scope.call("a", (status) -> {
			attempts.incrementAndGet();
			this.jdbc.update("UPDATE note SET body = body WHERE body = ?", first);
			if (firstAttempt[0]) {
				firstAttempt[0] = false;
				try {
					barrier.await(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			this.jdbc.update("UPDATE note SET body = body WHERE body = ?", second);
			return first + " " + second;
		});
	}

}
