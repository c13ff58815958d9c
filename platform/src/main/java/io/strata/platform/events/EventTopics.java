package io.strata.platform.events;

/**
 * Physical topic names. The prefix (empty in production) lets tests share one Kafka
 * without seeing each other's events.
 */
public record EventTopics(String prefix) {

	public static final String IDENTITY = "identity.events";

	public static final String RESOURCE = "resource.events";

	public static final String WORKFLOW = "workflow.events";

	public static final String ML = "ml.events";

	public static final String NOTIFICATION = "notification.events";

	/**
	 * Internal: each service's report that it erased a deleted tenant's data, for
	 * identity's erasure report. Not a domain event: webhooks and streams never see it.
	 */
	public static final String TENANT_ERASURES = "tenant.erasures";

	public EventTopics {
		prefix = (prefix != null) ? prefix : "";
	}

	public String name(String logicalTopic) {
		return this.prefix + logicalTopic;
	}

}
