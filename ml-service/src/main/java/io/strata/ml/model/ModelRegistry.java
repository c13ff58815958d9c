package io.strata.ml.model;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.ProblemException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The model registry in S3, one key space per tenant, so that no listing or read of one
 * tenant's keys can reach another's: {@code tenants/{tenant}/models/{name}/versions/
 * {version}/manifest.json} and {@code …/model.ubj} (XGBoost's own binary format), and an
 * alias as {@code tenants/{tenant}/models/{name}/aliases/{alias}} holding its version
 * number. An artifact is written before the manifest that says it is ready, so a reader
 * never finds a ready version without its model. S3 failing is a 503 problem.
 */
@Component
class ModelRegistry {

	private final S3Client s3;

	private final String bucket;

	private final JsonMapper json = JsonMapper.builder().build();

	private static final int READS = 3;

	private volatile boolean bucketChecked;

	ModelRegistry(S3Client s3, @Value("${strata.s3.bucket-prefix:}") String bucketPrefix,
			@Value("${strata.s3.bucket}") String bucket) {
		this.s3 = s3;
		this.bucket = bucketPrefix + bucket;
	}

	void save(String tenant, Manifest manifest) {
		put(versionKey(tenant, manifest.name(), manifest.version()) + "manifest.json",
				this.json.writeValueAsBytes(manifest));
	}

	void saveArtifact(String tenant, String name, int version, byte[] artifact) {
		put(versionKey(tenant, name, version) + "model.ubj", artifact);
	}

	String artifactUri(String tenant, String name, int version) {
		return "s3://" + this.bucket + "/" + versionKey(tenant, name, version) + "model.ubj";
	}

	Optional<Manifest> find(String tenant, String name, int version) {
		return manifest(versionKey(tenant, name, version) + "manifest.json");
	}

	Optional<byte[]> artifact(String tenant, String name, int version) {
		return get(versionKey(tenant, name, version) + "model.ubj");
	}

	/** The model's versions, oldest first. */
	List<Manifest> versions(String tenant, String name) {
		List<Manifest> manifests = new ArrayList<>();
		for (S3Object object : list(modelKey(tenant, name) + "versions/")) {
			if (object.key().endsWith("/manifest.json")) {
				manifest(object.key()).ifPresent(manifests::add);
			}
		}
		manifests.sort((a, b) -> Integer.compare(a.version(), b.version()));
		return manifests;
	}

	/**
	 * Up to {@code limit} of the tenant's model names, in key order (that of
	 * {@code name/}), after {@code after} ({@code null}: from the first): one listing
	 * that S3 folds into a prefix per model.
	 */
	List<String> names(String tenant, @Nullable String after, int limit) {
		String prefix = tenantKey(tenant) + "models/";
		return call(() -> {
			try {
				// '0' is the character after '/': past every key under after/, before the
				// next name's keys
				return this.s3
					.listObjectsV2((request) -> request.bucket(this.bucket)
						.prefix(prefix)
						.delimiter("/")
						.maxKeys(limit)
						.startAfter((after != null) ? prefix + after + "0" : null))
					.commonPrefixes()
					.stream()
					.map((common) -> common.prefix().substring(prefix.length(), common.prefix().length() - 1))
					.toList();
			}
			catch (NoSuchBucketException ex) {
				return List.<String>of();
			}
		});
	}

	/**
	 * A model's keys, from one listing: its version numbers, oldest first, and aliases.
	 */
	record Keys(List<Integer> versions, List<String> aliases) {

	}

	Keys keys(String tenant, String name) {
		String prefix = modelKey(tenant, name);
		List<Integer> versions = new ArrayList<>();
		List<String> aliases = new ArrayList<>();
		for (S3Object object : list(prefix)) {
			String key = object.key().substring(prefix.length());
			if (key.startsWith("versions/") && key.endsWith("/manifest.json")) {
				versions.add(Integer
					.parseInt(key.substring("versions/".length(), key.length() - "/manifest.json".length())));
			}
			else if (key.startsWith("aliases/")) {
				aliases.add(key.substring("aliases/".length()));
			}
		}
		versions.sort(null);
		return new Keys(versions, aliases);
	}

	/** alias → version. */
	Map<String, Integer> aliases(String tenant, String name) {
		Map<String, Integer> aliases = new TreeMap<>();
		String prefix = modelKey(tenant, name) + "aliases/";
		for (S3Object object : list(prefix)) {
			get(object.key()).ifPresent((bytes) -> aliases.put(object.key().substring(prefix.length()),
					Integer.parseInt(new String(bytes, StandardCharsets.UTF_8))));
		}
		return aliases;
	}

	Optional<Integer> alias(String tenant, String name, String alias) {
		return get(modelKey(tenant, name) + "aliases/" + alias)
			.map((bytes) -> Integer.parseInt(new String(bytes, StandardCharsets.UTF_8)));
	}

	void setAlias(String tenant, String name, String alias, int version) {
		put(modelKey(tenant, name) + "aliases/" + alias, String.valueOf(version).getBytes(StandardCharsets.UTF_8));
	}

	void deleteAlias(String tenant, String name, String alias) {
		delete(List.of(modelKey(tenant, name) + "aliases/" + alias));
	}

	/**
	 * Deletes the version's artifact and manifest (the manifest first: no ready version
	 * without its model).
	 */
	void deleteVersion(String tenant, String name, int version) {
		delete(List.of(versionKey(tenant, name, version) + "manifest.json"));
		delete(List.of(versionKey(tenant, name, version) + "model.ubj"));
	}

	/** Every key of the tenant: for erasing a deleted tenant; how many there were. */
	int deleteTenant(String tenant) {
		List<String> keys = list(tenantKey(tenant)).stream().map(S3Object::key).toList();
		for (int i = 0; i < keys.size(); i += 1000) {
			delete(keys.subList(i, Math.min(keys.size(), i + 1000)));
		}
		return keys.size();
	}

	private static String tenantKey(String tenant) {
		return "tenants/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "/";
	}

	private static String modelKey(String tenant, String name) {
		return tenantKey(tenant) + "models/" + name + "/";
	}

	private static String versionKey(String tenant, String name, int version) {
		// zero-padded: keys list in version order
		return modelKey(tenant, name) + "versions/" + String.format("%010d", version) + "/";
	}

	private void put(String key, byte[] bytes) {
		call(() -> {
			ensureBucket();
			return this.s3.putObject((request) -> request.bucket(this.bucket).key(key), RequestBody.fromBytes(bytes));
		});
	}

	/**
	 * A manifest, read again when it does not parse: S3 replaces an object whole, but an
	 * S3-compatible store need not (S3Mock serves an object while it is being rewritten,
	 * as when a training is marked failed). Still unreadable after {@link #READS} reads:
	 * a 503, never a 500.
	 */
	private Optional<Manifest> manifest(String key) {
		for (int read = 1;; read++) {
			Optional<byte[]> bytes = get(key);
			try {
				return bytes.map((content) -> this.json.readValue(content, Manifest.class));
			}
			catch (JacksonException ex) {
				if (read == READS) {
					throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
							"Model storage unavailable", "A model's metadata cannot be read now; try again later.");
				}
				pause(read);
			}
		}
	}

	private static void pause(int read) {
		try {
			Thread.sleep(50L * read);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Model storage unavailable",
					"A model's metadata cannot be read now; try again later.");
		}
	}

	private Optional<byte[]> get(String key) {
		return call(() -> {
			try {
				return Optional
					.of(this.s3.getObjectAsBytes((request) -> request.bucket(this.bucket).key(key)).asByteArray());
			}
			catch (NoSuchKeyException | NoSuchBucketException ex) {
				return Optional.<byte[]>empty();
			}
		});
	}

	private List<S3Object> list(String prefix) {
		return call(() -> {
			try {
				List<S3Object> objects = new ArrayList<>();
				this.s3.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix(prefix))
					.contents()
					.forEach(objects::add);
				return objects;
			}
			catch (NoSuchBucketException ex) {
				return List.<S3Object>of();
			}
		});
	}

	private void delete(List<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		call(() -> this.s3.deleteObjects((request) -> request.bucket(this.bucket)
			.delete((delete) -> delete
				.objects(keys.stream().map((key) -> ObjectIdentifier.builder().key(key).build()).toList()))));
	}

	private void ensureBucket() {
		if (this.bucketChecked) {
			return;
		}
		try {
			this.s3.headBucket((request) -> request.bucket(this.bucket));
		}
		catch (S3Exception ex) {
			if (ex.statusCode() != 404) {
				throw ex;
			}
			this.s3.createBucket((request) -> request.bucket(this.bucket));
		}
		this.bucketChecked = true;
	}

	private static <T> T call(java.util.function.Supplier<T> call) {
		try {
			return call.get();
		}
		catch (SdkClientException | S3Exception ex) {
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Model storage unavailable",
					"The model storage (S3) cannot be reached now; try again later.");
		}
	}

}
