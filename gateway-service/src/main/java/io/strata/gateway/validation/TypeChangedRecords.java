package io.strata.gateway.validation;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTypes;
import io.strata.proto.resource.v1.ResourceTypeChanged;

import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Of {@code resource.events}, only the resource-type changes reach
 * {@link ResourceTypeEvents}: every other record (one or more per resource written) is
 * skipped by its {@code ce_type} header, before a CloudEvent is built and before the
 * listener container's per-record observation, timer and listener adapter (a container's
 * early {@link RecordInterceptor} runs first; a skipped record is acknowledged). A record
 * without the header (not in the CloudEvents binary mode) is left to the listener.
 */
final class TypeChangedRecords implements RecordInterceptor<String, byte[]> {

	static final String TYPE_HEADER = "ce_type";

	private static final String TYPE_CHANGED = EventCatalog.typeOf(ResourceTypeChanged.class);

	@Override
	public ConsumerRecord<String, byte[]> intercept(ConsumerRecord<String, byte[]> record,
			Consumer<String, byte[]> consumer) {
		return wanted(record) ? record : null;
	}

	static boolean wanted(ConsumerRecord<?, ?> record) {
		Header type = record.headers().lastHeader(TYPE_HEADER);
		return type == null
				|| TYPE_CHANGED.equals(EventTypes.shortType(new String(type.value(), StandardCharsets.UTF_8)));
	}

}
