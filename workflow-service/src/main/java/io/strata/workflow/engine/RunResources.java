package io.strata.workflow.engine;

import java.util.Map;

/**
 * The resources runs act on, as the engine needs them; the resource feature provides it
 * (the engine declares what it needs and imports no feature).
 */
public interface RunResources {

	/**
	 * The resource as a workflow's expressions see it ({@code resource.id}, {@code type},
	 * {@code state}, {@code version}, {@code attributes} as plain JSON values), or an
	 * empty map when it is gone. Called inside the run's tenant transaction.
	 * @param resourceId the resource
	 * @return its variables
	 */
	Map<String, Object> variables(String resourceId);

	/**
	 * Locks the resources for the rest of the current transaction (the runs it advances
	 * act on them) and keeps them for its reads.
	 * @param resourceIds the resources
	 */
	void lockAll(java.util.Collection<String> resourceIds);

}
