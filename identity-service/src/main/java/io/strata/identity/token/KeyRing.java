package io.strata.identity.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.strata.identity.config.IdentityProperties;

import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys this instance signs with and publishes, cached from the database and reloaded
 * by {@link KeyRotation}. The JWK set holds the next, current and previous keys; tokens
 * name the current key in their {@code kid} header, so only it signs.
 */
@Component
public class KeyRing implements JWKSource<SecurityContext> {

	private final SigningKeyStore store;

	private final TransactionTemplate transactions;

	private final IdentityProperties properties;

	private volatile Snapshot snapshot;

	KeyRing(SigningKeyStore store, PlatformTransactionManager transactionManager, IdentityProperties properties) {
		this.store = store;
		// its own transaction, as the service: keys are often first needed inside a
		// tenant-scoped transaction, whose role cannot read them
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.properties = properties;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		return selector.select(snapshot().keys());
	}

	/**
	 * The key that signs now.
	 * @throws ProblemException 503 {@code signing-keys-unreadable} when the configured
	 * key set cannot decrypt it: no token can be issued until the right key set is back
	 */
	public SigningKey current() {
		SigningKey current = snapshot().current();
		if (!current.canSign()) {
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "signing-keys-unreadable",
					"Signing keys unreadable",
					"The identity service cannot decrypt its signing key with the key set it was given; "
							+ "no token can be issued until an operator restores the key set.");
		}
		return current;
	}

	/** Whether the key that signs now is readable: what readiness reports. */
	boolean canSign() {
		return snapshot().current().canSign();
	}

	/**
	 * How long a demoted key stays published: every token it signed must expire first,
	 * plus a minute of clock skew.
	 */
	Duration grace() {
		return this.properties.tokens().accessTokenTtl().plus(Duration.ofMinutes(1));
	}

	/** Reads the keys again, creating the first current and next keys when none exist. */
	void reload() {
		List<SigningKey> keys = this.transactions.execute((status) -> {
			this.store.lock();
			List<SigningKey> published = this.store.published(grace());
			if (published.stream().noneMatch((key) -> SigningKey.CURRENT.equals(key.state()))
					|| published.stream().noneMatch((key) -> SigningKey.NEXT.equals(key.state()))) {
				this.store.promoteNext(this.properties.keys().algorithm());
				published = this.store.published(grace());
			}
			return published;
		});
		SigningKey current = keys.stream()
			.filter((key) -> SigningKey.CURRENT.equals(key.state()))
			.findFirst()
			.orElseThrow();
		this.snapshot = new Snapshot(new JWKSet(keys.stream().map(SigningKey::jwk).toList()), current, Instant.now());
	}

	private Snapshot snapshot() {
		Snapshot value = this.snapshot;
		if (value == null) {
			synchronized (this) {
				if (this.snapshot == null) {
					reload();
				}
				value = this.snapshot;
			}
		}
		return value;
	}

	private record Snapshot(JWKSet keys, SigningKey current, Instant loadedAt) {

	}

}
