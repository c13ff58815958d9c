package io.strata.workflow.engine;

import java.util.List;
import java.util.Optional;

import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.strata.workflow.engine.model.WorkflowDefinition;

import org.springframework.stereotype.Service;

/**
 * Reads a tenant's runs (the API's operations), for the REST and the gRPC adapter alike,
 * under the tenant's row-level security.
 */
@Service
public class ReadingRuns {

	private final TenantScope tenants;

	private final RunStore runs;

	private final AttemptStore attempts;

	private final WorkflowDefinitions definitions;

	ReadingRuns(TenantScope tenants, RunStore runs, AttemptStore attempts, WorkflowDefinitions definitions) {
		this.tenants = tenants;
		this.runs = runs;
		this.attempts = attempts;
		this.definitions = definitions;
	}

	/** A run with the definition it follows and every attempt of its steps. */
	public record RunDetail(Run run, WorkflowDefinition definition, List<AttemptStore.Attempt> attempts) {

	}

	public Optional<Run> find(String tenantId, String id) {
		return this.tenants.call(tenantId, (status) -> this.runs.find(id));
	}

	public Optional<RunDetail> detail(String tenantId, String id) {
		return this.tenants.call(tenantId, (status) -> this.runs.find(id)
			.map((run) -> new RunDetail(run, this.definitions.read(run.definitionJson()), this.attempts.attempts(id))));
	}

	/** The runs started on a resource, by id. */
	public Page<Run> page(String tenantId, String resourceId, PageRequest page) {
		return page.page(this.tenants.call(tenantId,
				(status) -> this.runs.listByResource(resourceId, page.after(), page.limit())), Run::id);
	}

}
