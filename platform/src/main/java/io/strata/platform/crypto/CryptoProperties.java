package io.strata.platform.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key-encryption keyset for secrets at rest.
 *
 * @param keyset a Tink keyset in JSON (production: from a mounted secret or the
 * environment); the primary key encrypts, every key in it decrypts, so rotation is: add a
 * key, make it primary, re-encrypt, drop the old one
 * @param keysetFile used when no keyset is given: read, or created with a fresh
 * AES-256-GCM key on first start (development only)
 */
@ConfigurationProperties("strata.crypto")
public record CryptoProperties(String keyset, String keysetFile) {

}
