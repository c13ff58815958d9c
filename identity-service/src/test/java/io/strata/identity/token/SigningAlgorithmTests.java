package io.strata.identity.token;

import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.strata.platform.security.SignatureVerification;

import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each configurable signing algorithm ({@code strata.identity.keys.algorithm}) through
 * the same key generation, encoder and JWKS publication the service uses: a token signed
 * with the private key verifies against nothing but the published (public) JWK set.
 */
class SigningAlgorithmTests {

	@ParameterizedTest
	@ValueSource(strings = { "RS256", "ES256", "EdDSA" })
	void aTokenVerifiesAgainstThePublishedJwks(String algorithm) throws Exception {
		JWK key = SigningKeyStore.generate(algorithm);
		JWK other = SigningKeyStore.generate(algorithm);
		KeyRingJwtEncoder encoder = new KeyRingJwtEncoder(new ImmutableJWKSet<>(new JWKSet(List.of(key, other))));

		Jwt token = encoder.encode(JwtEncoderParameters.from(
				JwsHeader.with(AccessTokens.jwsAlgorithm(key.getAlgorithm().getName())).keyId(key.getKeyID()).build(),
				claims()));

		SignedJWT parsed = SignedJWT.parse(token.getTokenValue());
		assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo(algorithm);
		assertThat(parsed.getHeader().getKeyID()).isEqualTo(key.getKeyID());
		assertThat(parsed.getJWTClaimsSet().getStringClaim("tid")).isEqualTo("ten_1");
		assertThat(parsed.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("admin");

		// what /oauth2/jwks answers: public keys only
		JWKSet published = JWKSet.parse(new JWKSet(List.of(key, other)).toPublicJWKSet().toString());
		assertThat(published.getKeys()).noneMatch(JWK::isPrivate);
		JWKSource<SecurityContext> jwks = new ImmutableJWKSet<>(published);
		NimbusJwtDecoder verifier = NimbusJwtDecoder.withJwkSource(jwks)
			.jwtProcessorCustomizer((processor) -> SignatureVerification.configure(processor, jwks))
			.build();
		Jwt verified = verifier.decode(token.getTokenValue());
		assertThat(verified.getSubject()).isEqualTo("usr_1");
		assertThat(verified.getClaimAsString("scope")).isEqualTo("identity.admin");

		// a token whose signature another key made does not verify
		Jwt forged = encoder.encode(JwtEncoderParameters
			.from(JwsHeader.with(AccessTokens.jwsAlgorithm(algorithm)).keyId(other.getKeyID()).build(), claims()));
		String swapped = token.getTokenValue().substring(0, token.getTokenValue().lastIndexOf('.') + 1)
				+ forged.getTokenValue().substring(forged.getTokenValue().lastIndexOf('.') + 1);
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> verifier.decode(swapped));
	}

	@ParameterizedTest
	@ValueSource(strings = { "EdDSA", "eddsa", "Ed25519" })
	void edDsaKeysAreEd25519OctetKeyPairs(String configured) {
		JWK key = SigningKeyStore.generate(configured);
		assertThat(key.getKeyType()).isEqualTo(KeyType.OKP);
		assertThat(((OctetKeyPair) key).getCurve()).isEqualTo(Curve.Ed25519);
		assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
		assertThat(key.toPublicJWK().toJSONObject()).containsEntry("kty", "OKP")
			.containsEntry("crv", "Ed25519")
			.doesNotContainKey("d");
	}

	private static JwtClaimsSet claims() {
		Instant now = Instant.now();
		return JwtClaimsSet.builder()
			.issuer("http://127.0.0.1:8081")
			.subject("usr_1")
			.issuedAt(now)
			.expiresAt(now.plusSeconds(300))
			.claim("tid", "ten_1")
			.claim("scope", "identity.admin")
			.claim("roles", List.of("admin"))
			.build();
	}

}
