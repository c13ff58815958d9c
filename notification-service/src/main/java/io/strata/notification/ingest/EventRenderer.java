package io.strata.notification.ingest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.cloudevents.CloudEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTypes;
import io.strata.proto.workflow.v1.CustomEventEmitted;

import org.springframework.stereotype.Component;

/**
 * Turns a domain event (CloudEvent with a protobuf payload) into the webhook body
 * {@code {"type", "timestamp", "data"}}. The payload is rendered with protobuf's own JSON
 * mapping (snake_case field names, RFC 3339 timestamps, Struct as JSON), so data looks
 * like the REST API: a resource event carries the resource itself. The payload's message
 * is the one its type is declared for in shared-proto ({@link EventCatalog}), so new
 * event types need no code here.
 */
@Component
public class EventRenderer {

	private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
		.preservingProtoFieldNames()
		.alwaysPrintFieldsWithNoPresence()
		.omittingInsignificantWhitespace();

	private final JsonMapper json;

	public EventRenderer(JsonMapper json) {
		this.json = json;
	}

	public RenderedEvent render(CloudEvent event) {
		String type = EventTypes.shortType(event.getType());
		Instant time = (event.getTime() != null) ? event.getTime().toInstant() : Instant.now();
		JsonNode data = switch (EventCatalog.payload(event).orElse(null)) {
			// a type this build does not know yet: delivered without data rather than not
			// at all
			case null -> this.json.createObjectNode();
			// a workflow's event.emit step: the workflow names the webhook type
			case CustomEventEmitted custom -> {
				type = custom.getType();
				yield toJson(custom.hasData() ? custom.getData() : null);
			}
			case Message message -> unwrap(message);
		};
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", type);
		body.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(time));
		body.put("data", data);
		return new RenderedEvent(type, time, this.json.writeValueAsString(body));
	}

	/**
	 * A payload that wraps the aggregate ({@code ResourceCreated{resource}}) is rendered
	 * as the aggregate, with the wrapper's other fields ({@code from_state}) beside its
	 * own.
	 */
	private JsonNode unwrap(Message message) {
		FieldDescriptor resource = message.getDescriptorForType().findFieldByName("resource");
		if (resource == null || resource.getType() != FieldDescriptor.Type.MESSAGE || !message.hasField(resource)) {
			return toJson(message);
		}
		ObjectNode data = (ObjectNode) toJson((Message) message.getField(resource));
		ObjectNode rest = (ObjectNode) toJson(message.toBuilder().clearField(resource).build());
		rest.properties().forEach((entry) -> data.set(entry.getKey(), entry.getValue()));
		return data;
	}

	private JsonNode toJson(Message message) {
		if (message == null) {
			return this.json.createObjectNode();
		}
		try {
			return this.json.readTree(PRINTER.print(message));
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("Cannot render " + message.getDescriptorForType().getFullName(), ex);
		}
	}

	/**
	 * @param type the webhook type ({@code resource.created})
	 * @param occurredAt when the event happened
	 * @param body the exact JSON body that is signed and sent
	 */
	public record RenderedEvent(String type, Instant occurredAt, String body) {

	}

}
