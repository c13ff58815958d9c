package io.strata.ml.model;

import org.springframework.stereotype.Component;

/** Erases a deleted tenant's models: every key under the tenant's prefix in S3. */
@Component
public class ErasingModels {

	private final ModelRegistry registry;

	ErasingModels(ModelRegistry registry) {
		this.registry = registry;
	}

	/** How many objects were deleted; none the second time. */
	public int erase(String tenant) {
		return this.registry.deleteTenant(tenant);
	}

}
