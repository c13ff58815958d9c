package io.strata.ml.model;

import java.io.IOException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import org.springframework.stereotype.Component;

/**
 * Ready versions loaded for predictions, at most {@code cachedVersions} of them (least
 * recently used leave first): a version is immutable, so a loaded one never goes stale.
 * Which version an alias or "the latest" means is remembered for a moment only, since
 * aliases move (and may move in another instance).
 */
@Component
class LoadedModels {

	private final ModelRegistry registry;

	private final Cache<String, Loaded> versions;

	private final Cache<String, Integer> pointers = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofSeconds(2))
		.build();

	LoadedModels(ModelRegistry registry, ModelProperties properties) {
		this.registry = registry;
		// an evicted booster is freed by its finalizer once no prediction holds it:
		// disposing it here could free it under a prediction running on another thread
		this.versions = Caffeine.newBuilder().maximumSize(properties.cachedVersions()).build();
	}

	/** A ready version and its booster. */
	record Loaded(Manifest manifest, Booster booster) {

	}

	/**
	 * The ready version with its booster, loading it on first use; null when the version
	 * has no artifact.
	 */
	Loaded load(String tenant, Manifest manifest) {
		return this.versions.get(tenant + "/" + manifest.name() + "/" + manifest.version(),
				(key) -> this.registry.artifact(tenant, manifest.name(), manifest.version())
					.map((bytes) -> new Loaded(manifest, booster(bytes)))
					.orElse(null));
	}

	/** A loaded version, if it is loaded. */
	Loaded loaded(String tenant, String name, int version) {
		return this.versions.getIfPresent(tenant + "/" + name + "/" + version);
	}

	Integer pointer(String key, java.util.function.Function<String, Integer> resolve) {
		return this.pointers.get(key, resolve);
	}

	void forget(String tenant, String name) {
		String prefix = tenant + "/" + name + "/";
		this.pointers.asMap().keySet().removeIf((key) -> key.startsWith(prefix));
		this.versions.asMap().keySet().removeIf((key) -> key.startsWith(prefix));
	}

	private static Booster booster(byte[] bytes) {
		try {
			return XGBoost.loadModel(bytes);
		}
		catch (XGBoostError | IOException ex) {
			throw new IllegalStateException("A stored model cannot be loaded", ex);
		}
	}

}
