package io.strata.identity.token;

import java.net.URL;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.produce.JWSSignerFactory;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * Signs JWTs with the key the header's {@code kid} names, through Nimbus directly. Spring
 * Security 7's {@code NimbusJwtEncoder} only selects RSA, EC and HMAC keys (its JWK
 * matcher knows no OKP keys) and {@code SignatureAlgorithm} has no {@code EdDSA}, so it
 * cannot sign with an Ed25519 key; Nimbus's own signer factory can (through Tink). This
 * is the one place every Strata token is signed: the authorization server's
 * {@code JwtGenerator} and {@link AccessTokens} both use it, whatever the algorithm.
 */
class KeyRingJwtEncoder implements JwtEncoder {

	private final JWKSource<SecurityContext> keys;

	private final JWSSignerFactory signers = new DefaultJWSSignerFactory();

	KeyRingJwtEncoder(JWKSource<SecurityContext> keys) {
		this.keys = keys;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
		JwsHeader headers = parameters.getJwsHeader();
		JwtClaimsSet claims = parameters.getClaims();
		if (headers == null || headers.getKeyId() == null) {
			throw new JwtEncodingException("A Strata token names its signing key (kid)");
		}
		try {
			JWK key = key(headers.getKeyId());
			SignedJWT jwt = new SignedJWT(JWSHeader.parse(headerMap(headers)), claimsSet(claims));
			jwt.sign(this.signers.createJWSSigner(key, jwt.getHeader().getAlgorithm()));
			return new Jwt(jwt.serialize(), claims.getIssuedAt(), claims.getExpiresAt(), headers.getHeaders(),
					claims.getClaims());
		}
		catch (JOSEException | ParseException ex) {
			throw new JwtEncodingException("Cannot sign the token: " + ex.getMessage(), ex);
		}
	}

	private JWK key(String kid) throws KeySourceException {
		List<JWK> found = this.keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).privateOnly(true).build()),
				null);
		if (found.isEmpty()) {
			throw new JwtEncodingException("No private signing key " + kid);
		}
		return found.get(0);
	}

	private static Map<String, Object> headerMap(JwsHeader headers) {
		Map<String, Object> map = new LinkedHashMap<>();
		headers.getHeaders().forEach((name, value) -> map.put(name, json(value)));
		return map;
	}

	private static JWTClaimsSet claimsSet(JwtClaimsSet claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.getClaims().forEach((name, value) -> builder.claim(name, json(value)));
		return builder.build();
	}

	/** Spring's header and claim values in the types Nimbus serialises. */
	private static Object json(Object value) {
		if (value instanceof JwsAlgorithm algorithm) {
			return algorithm.getName();
		}
		if (value instanceof Instant instant) {
			return Date.from(instant);
		}
		if (value instanceof URL url) {
			return url.toExternalForm();
		}
		if (value instanceof Collection<?> collection) {
			return collection.stream().map(KeyRingJwtEncoder::json).toList();
		}
		return value;
	}

}
