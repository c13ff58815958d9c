package io.strata.ml.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.stereotype.Component;

/**
 * Reading a tenant's model versions, moving aliases and deleting versions. An alias
 * points at a ready version; deleting a version drops the aliases that point at it.
 */
@Component
class ManagingModels {

	/** An alias name: not a number, so that it never reads as a version. */
	static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

	private final ModelRegistry registry;

	private final LoadedModels models;

	ManagingModels(ModelRegistry registry, LoadedModels models) {
		this.registry = registry;
		this.models = models;
	}

	/** The model's versions, oldest first; a model without versions is not found. */
	List<Manifest> versions(String tenant, String name) {
		List<Manifest> versions = TrainingModels.NAME.matcher(name).matches() ? this.registry.versions(tenant, name)
				: List.of();
		if (versions.isEmpty()) {
			throw ProblemException.notFound("Model", name);
		}
		return versions;
	}

	Manifest version(String tenant, String name, int version) {
		if (!TrainingModels.NAME.matcher(name).matches()) {
			throw ProblemException.notFound("Model", name);
		}
		return this.registry.find(tenant, name, version)
			.orElseThrow(() -> ProblemException.notFound("Model version", name + "/" + version));
	}

	Map<String, Integer> aliases(String tenant, String name) {
		return this.registry.aliases(tenant, name);
	}

	void setAlias(String tenant, String name, String alias, Integer version) {
		if (!ALIAS.matcher(alias).matches()) {
			throw ProblemException
				.invalid("An alias is lower-case letters, digits, _ and -, starting with a letter.", List
					.of(new FieldViolation("/alias", "lower-case letters, digits, _ and -, starting with a letter")));
		}
		if (version == null) {
			throw ProblemException.invalid("The version the alias points at is required.",
					List.of(new FieldViolation("/version", "required")));
		}
		Manifest manifest = version(tenant, name, version);
		if (!Manifest.READY.equals(manifest.state())) {
			throw ProblemException.conflict("Version " + version + " of model " + name + " is " + manifest.state()
					+ ": an alias points at a ready version only.");
		}
		this.registry.setAlias(tenant, name, alias, version);
		this.models.forget(tenant, name);
	}

	void deleteAlias(String tenant, String name, String alias) {
		if (!ALIAS.matcher(alias).matches() || this.registry.alias(tenant, name, alias).isEmpty()) {
			throw ProblemException.notFound("Model alias", name + "@" + alias);
		}
		this.registry.deleteAlias(tenant, name, alias);
		this.models.forget(tenant, name);
	}

	void deleteVersion(String tenant, String name, int version) {
		version(tenant, name, version);
		this.registry.aliases(tenant, name).forEach((alias, target) -> {
			if (target == version) {
				this.registry.deleteAlias(tenant, name, alias);
			}
		});
		this.registry.deleteVersion(tenant, name, version);
		this.models.forget(tenant, name);
	}

}
