package io.strata.sdk;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@link Resources#runAction}: per resource, the operation started for it or why not.
 *
 * @param operations one entry per requested resource, in request order
 */
public record ActionResult(List<StartedOperation> operations) {

	/**
	 * @param id the operation's id ({@code null} when rejected)
	 * @param resourceId the resource
	 * @param status {@code pending} (or the run's status) when started, {@code rejected} otherwise
	 * @param error the problem when rejected
	 */
	public record StartedOperation(String id, @JsonProperty("resource_id") String resourceId, String status,
			Map<String, Object> error) {
	}

}
