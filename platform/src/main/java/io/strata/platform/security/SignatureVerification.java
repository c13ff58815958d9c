package io.strata.platform.security;

import java.security.Key;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;

/**
 * Which signatures a Strata verifier accepts: RS256, ES256 and EdDSA (Ed25519), each only
 * with a published key of the right type. Nimbus verifies Ed25519 only through an
 * {@link Ed25519Verifier} built from the JWK itself: its JWT processor's key selector and
 * verifier factory pass {@code java.security.Key}s and know no OKP keys. So the selector
 * hands Ed25519 JWKs on wrapped as {@link OkpKey}, and the factory turns them back into
 * an {@code Ed25519Verifier}; RSA and EC keys go through Nimbus's defaults untouched.
 */
public final class SignatureVerification {

	/** The algorithms a token may be signed with. */
	public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
			JWSAlgorithm.EdDSA);

	private SignatureVerification() {
	}

	/**
	 * Makes the processor accept RS256, ES256 and EdDSA signatures by keys of
	 * {@code keys}, and nothing else. Apply it after Spring has set up the processor
	 * (Spring's {@code jwtProcessorCustomizer} runs after Spring sets its own key
	 * selector), or Spring's RS256-only selector replaces this one.
	 * @param <C> the security context type: {@code SecurityContext} for a servlet
	 * decoder, {@code JWKSecurityContext} for the reactive one, whose keys are the JWKs
	 * Spring fetched for the token ({@code JWKSecurityContextJWKSet})
	 * @param processor the processor to configure
	 * @param keys where the published verification keys come from
	 */
	public static <C extends SecurityContext> void configure(ConfigurableJWTProcessor<C> processor, JWKSource<C> keys) {
		processor.setJWSKeySelector(new KeySelector<>(keys));
		processor.setJWSVerifierFactory(new VerifierFactory());
	}

	/** An Ed25519 public JWK passed through Nimbus's {@code Key}-typed plumbing. */
	private record OkpKey(OctetKeyPair jwk) implements PublicKey {

		@Override
		public String getAlgorithm() {
			return "Ed25519";
		}

		@Override
		public String getFormat() {
			return null;
		}

		@Override
		public byte[] getEncoded() {
			return null;
		}

	}

	private static final class KeySelector<C extends SecurityContext> implements JWSKeySelector<C> {

		private final JWKSource<C> keys;

		private final JWSVerificationKeySelector<C> standard;

		KeySelector(JWKSource<C> keys) {
			this.keys = keys;
			this.standard = new JWSVerificationKeySelector<>(ALGORITHMS, keys);
		}

		@Override
		public List<? extends Key> selectJWSKeys(JWSHeader header, C context) throws KeySourceException {
			if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
				return this.standard.selectJWSKeys(header, context);
			}
			JWKMatcher matcher = new JWKMatcher.Builder().keyType(KeyType.OKP)
				.curve(Curve.Ed25519)
				.keyID(header.getKeyID())
				.build();
			return this.keys.get(new JWKSelector(matcher), context)
				.stream()
				.map((jwk) -> new OkpKey(((OctetKeyPair) jwk).toPublicJWK()))
				.toList();
		}

	}

	private static final class VerifierFactory implements JWSVerifierFactory {

		private final DefaultJWSVerifierFactory standard = new DefaultJWSVerifierFactory();

		@Override
		public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
			if (JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && key instanceof OkpKey okp) {
				return new Ed25519Verifier(okp.jwk());
			}
			return this.standard.createJWSVerifier(header, key);
		}

		@Override
		public Set<JWSAlgorithm> supportedJWSAlgorithms() {
			return ALGORITHMS;
		}

		@Override
		public JCAContext getJCAContext() {
			return this.standard.getJCAContext();
		}

	}

}
