package io.strata.platform.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts secrets at rest (webhook secrets, TOTP seeds, client secrets, signing keys)
 * with AES-256-GCM through Google Tink. The associated data binds a ciphertext to its
 * owner (for example the tenant and row id), so a ciphertext copied to another row does
 * not decrypt.
 */
public class SecretBox {

	private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

	private final Aead aead;

	private final KeysetHandle keyset;

	public SecretBox(KeysetHandle keyset) {
		try {
			this.keyset = keyset;
			this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The keyset cannot encrypt with AEAD", ex);
		}
	}

	public static SecretBox from(CryptoProperties properties) {
		try {
			AeadConfig.register();
			if (properties.keyset() != null && !properties.keyset().isBlank()) {
				return new SecretBox(
						TinkJsonProtoKeysetFormat.parseKeyset(properties.keyset(), InsecureSecretKeyAccess.get()));
			}
			Path file = Path.of((properties.keysetFile() != null && !properties.keysetFile().isBlank())
					? properties.keysetFile() : System.getProperty("java.io.tmpdir") + "/strata-dev-keyset.json");
			return new SecretBox(readOrCreate(file));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("strata.crypto.keyset is not a valid Tink keyset", ex);
		}
	}

	public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
		try {
			return this.aead.encrypt(plaintext, associatedData);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	/**
	 * Decrypts with whichever key of the keyset encrypted it; fails if the data or its
	 * associated data changed.
	 */
	public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
		try {
			return this.aead.decrypt(ciphertext, associatedData);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Decryption failed: wrong key, wrong associated data or tampered data", ex);
		}
	}

	/** Re-encrypts under the current primary key, for rotation jobs. */
	public byte[] reencrypt(byte[] ciphertext, byte[] associatedData) {
		return encrypt(decrypt(ciphertext, associatedData), associatedData);
	}

	public int primaryKeyId() {
		return this.keyset.getPrimary().getId();
	}

	private static synchronized KeysetHandle readOrCreate(Path file) throws GeneralSecurityException {
		try {
			if (Files.exists(file)) {
				return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
			}
			log.warn("No strata.crypto.keyset configured: created a development keyset in {}. Configure a keyset"
					+ " from a secret in production.", file);
			KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
			Files.createDirectories(file.toAbsolutePath().getParent());
			Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "keyset", ".tmp");
			try {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the file keeps the platform's default
				// permissions
			}
			Files.writeString(temporary,
					TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
			try {
				Files.move(temporary, file);
				return keyset;
			}
			catch (FileAlreadyExistsException ex) {
				// another process created it first: use theirs, so both encrypt under the
				// same key
				Files.delete(temporary);
				return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the development keyset " + file, ex);
		}
	}

}
