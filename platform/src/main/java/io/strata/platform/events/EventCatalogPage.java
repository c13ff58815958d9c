package io.strata.platform.events;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * The event catalog as a Markdown page ({@code api/events.md}): per topic, each event
 * type with its CloudEvents type, key, payload message and fields. Generated from
 * {@link EventCatalog}, never written by hand.
 */
public final class EventCatalogPage {

	private EventCatalogPage() {
	}

	public static String render() {
		StringBuilder page = new StringBuilder("""
				# Events

				Every event the platform publishes, generated from the declarations in shared-proto
				(`option (strata.events.v1.event)` on each payload message) by the platform's `EventCatalog`.
				Each is a CloudEvent on Kafka (`ce_type` as below, `ce_tenant` the tenant) whose data is the
				payload message in protobuf; webhooks and the live stream carry it as JSON
				(`{"type", "timestamp", "data"}`, data in protobuf's JSON mapping with snake_case names).
				""");
		Map<String, StringBuilder> topics = new TreeMap<>();
		for (EventCatalog.Entry entry : EventCatalog.all()) {
			StringBuilder section = topics.computeIfAbsent(entry.topic(),
					(topic) -> new StringBuilder("\n## `" + topic + "`\n"));
			section.append("\n### `").append(entry.type()).append("`\n\n");
			section.append(entry.description()).append("\n\n");
			section.append("- CloudEvents type: `").append(entry.cloudEventType()).append("`\n");
			section.append("- Kafka key: ").append(entry.key()).append('\n');
			section.append("- Payload: `").append(entry.descriptor().getFullName()).append("`\n");
			section.append(fields(entry.descriptor()));
		}
		topics.values().forEach(page::append);
		return page.toString();
	}

	private static String fields(Descriptor message) {
		return message.getFields()
			.stream()
			.map((field) -> "  - `" + field.getName() + "`: " + type(field))
			.collect(Collectors.joining("\n", "", "\n"));
	}

	private static String type(FieldDescriptor field) {
		String type = (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) ? field.getMessageType().getFullName()
				: (field.getJavaType() == FieldDescriptor.JavaType.ENUM) ? field.getEnumType().getFullName()
						: field.getType().name().toLowerCase(java.util.Locale.ROOT);
		if (field.isMapField()) {
			return "map";
		}
		return field.isRepeated() ? "repeated " + type : type;
	}

}
