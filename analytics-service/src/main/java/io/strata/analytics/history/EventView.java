package io.strata.analytics.history;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * An event of the history as {@code GET /v2/analytics/events} lists it. The members an
 * event type does not carry are absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "AnalyticsEvent", description = "An event of a tenant's history; members its type lacks are absent.")
record EventView(@Schema(example = "6f1c1e52-8f43-4a8e-9a55-0d5b1c7e2b11") String id,
		@Schema(example = "resource.state_changed") String type, @Schema(example = "resource.events") String topic,
		@Schema(example = "/workflow-service") String source,
		@Nullable @Schema(example = "res_01HZX3K9") String subject,
		@Schema(example = "2024-05-01T12:00:00Z") Instant time, @Schema(example = "acme") String tenantId,
		@Nullable @Schema(example = "res_01HZX3K9") String resourceId,
		@Nullable @Schema(example = "ticket") String resourceType, @Nullable @Schema(example = "closed") String state,
		@Nullable @Schema(example = "completed") String outcome,
		@Nullable @Schema(example = "ep_01HZX4A1") String endpointId,
		@Nullable @Schema(example = "200") Integer statusCode,
		@Nullable @Schema(example = "1250") Long durationMillis) {

	/** From the members {@link QueryingEvents} reads out of a history document. */
	static EventView of(Map<String, Object> item) {
		return new EventView((String) item.get("id"), (String) item.get("type"), (String) item.get("topic"),
				(String) item.get("source"), (String) item.get("subject"), Instant.parse((String) item.get("time")),
				(String) item.get("tenant_id"), (String) item.get("resource_id"), (String) item.get("resource_type"),
				(String) item.get("state"), (String) item.get("outcome"), (String) item.get("endpoint_id"),
				(item.get("status_code") instanceof Number code) ? code.intValue() : null,
				(item.get("duration_millis") instanceof Number millis) ? millis.longValue() : null);
	}

}
