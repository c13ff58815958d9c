package io.strata.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretBoxTests {

	@TempDir
	Path dir;

	@Test
	void roundTripsAndBindsToAssociatedData() {
		SecretBox box = SecretBox.from(new CryptoProperties(null, this.dir.resolve("keyset.json").toString()));
		byte[] secret = "whsec_abc".getBytes(StandardCharsets.UTF_8);
		byte[] sealed = box.encrypt(secret, bytes("tenant-a/endpoint-1"));

		assertThat(sealed).isNotEqualTo(secret);
		assertThat(box.decrypt(sealed, bytes("tenant-a/endpoint-1"))).isEqualTo(secret);
		assertThatIllegalStateException().isThrownBy(() -> box.decrypt(sealed, bytes("tenant-b/endpoint-1")));
		sealed[sealed.length - 1] ^= 1;
		assertThatIllegalStateException().isThrownBy(() -> box.decrypt(sealed, bytes("tenant-a/endpoint-1")));
	}

	@Test
	void developmentKeysetSurvivesRestartsAndAConfiguredKeysetWins() throws Exception {
		Path file = this.dir.resolve("keyset.json");
		SecretBox first = SecretBox.from(new CryptoProperties(null, file.toString()));
		byte[] sealed = first.encrypt(bytes("seed"), bytes("ad"));

		SecretBox afterRestart = SecretBox.from(new CryptoProperties(null, file.toString()));
		assertThat(afterRestart.decrypt(sealed, bytes("ad"))).isEqualTo(bytes("seed"));

		SecretBox configured = SecretBox.from(new CryptoProperties(Files.readString(file), null));
		assertThat(configured.decrypt(sealed, bytes("ad"))).isEqualTo(bytes("seed"));
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
