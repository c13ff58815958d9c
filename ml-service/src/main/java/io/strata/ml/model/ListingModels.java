package io.strata.ml.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import org.jspecify.annotations.Nullable;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.web.Page;

import org.springframework.stereotype.Component;

/**
 * The tenant's models, a page at a time: each with its latest version and that version's
 * state, the latest ready version (the one a prediction without version or alias uses)
 * and its aliases. S3 holds no row per model, so each model on the page is described from
 * one listing of its keys and a few reads, the models of a page at the same time.
 */
@Component
class ListingModels {

	/** Models described at the same time: well under the S3 client's connection pool. */
	private static final int PARALLEL_READS = 16;

	private final ModelRegistry registry;

	ListingModels(ModelRegistry registry) {
		this.registry = registry;
	}

	/** A model as a list shows it. */
	record Summary(String name, String task, String algorithm, int latestVersion, String state,
			@Nullable Integer latestReadyVersion, int versionCount, Map<String, Integer> aliases, Instant updatedAt) {

	}

	/**
	 * @param after the name the previous page ended with, {@code null} for the first
	 * @throws ProblemException (400) for a position that is no model name (a token of
	 * another list)
	 */
	Page<Summary> list(String tenant, @Nullable String after, int size) {
		if (after != null && !TrainingModels.NAME.matcher(after).matches()) {
			throw ProblemException.invalid("page_token is not a token this list returned.",
					List.of(new FieldViolation("/page_token", "is not a token this list returned")));
		}
		Page<String> names = Page.of(this.registry.names(tenant, after, size + 1), size, (name) -> name);
		Semaphore permits = new Semaphore(PARALLEL_READS);
		try (ExecutorService reads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Optional<Summary>>> summaries = names.items().stream().map((name) -> reads.submit(() -> {
				permits.acquire();
				try {
					return describe(tenant, name);
				}
				finally {
					permits.release();
				}
			})).toList();
			// a model whose last version is being deleted has keys but no manifest left
			return new Page<>(summaries.stream().map(ListingModels::join).flatMap(Optional::stream).toList(),
					names.nextPageToken());
		}
	}

	private Optional<Summary> describe(String tenant, String name) {
		ModelRegistry.Keys keys = this.registry.keys(tenant, name);
		if (keys.versions().isEmpty()) {
			return Optional.empty();
		}
		Optional<Manifest> found = this.registry.find(tenant, name, keys.versions().getLast());
		if (found.isEmpty()) {
			return Optional.empty();
		}
		Manifest latest = found.get();
		Integer latestReady = null;
		for (int i = keys.versions().size() - 1; i >= 0 && latestReady == null; i--) {
			int version = keys.versions().get(i);
			Manifest manifest = (version == latest.version()) ? latest
					: this.registry.find(tenant, name, version).orElse(null);
			if (manifest != null && Manifest.READY.equals(manifest.state())) {
				latestReady = version;
			}
		}
		Map<String, Integer> aliases = new TreeMap<>();
		keys.aliases()
			.forEach((alias) -> this.registry.alias(tenant, name, alias)
				.ifPresent((version) -> aliases.put(alias, version)));
		return Optional.of(new Summary(name, latest.task(), latest.algorithm(), latest.version(), latest.state(),
				latestReady, keys.versions().size(), aliases,
				Objects.requireNonNullElse(latest.finishedAt(), latest.createdAt())));
	}

	private static <T> T join(Future<T> future) {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
