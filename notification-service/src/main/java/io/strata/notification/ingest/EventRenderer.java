package io.strata.notification.ingest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.cloudevents.CloudEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.strata.platform.events.EventTypes;
import io.strata.proto.identity.v1.TenantCreated;
import io.strata.proto.ml.v1.ModelTrained;
import io.strata.proto.notification.v1.EndpointDisabled;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.workflow.v1.CustomEventEmitted;

import org.springframework.stereotype.Component;

/**
 * Turns a domain event (CloudEvent with a protobuf payload) into the webhook body
 * {@code {"type", "timestamp", "data"}}. The payload is rendered with protobuf's own JSON
 * mapping (snake_case field names, RFC 3339 timestamps, Struct as JSON), so data looks
 * like the REST API: a resource event carries the resource itself. The payload's message
 * is found from the event type in the shared-proto descriptors ({@code
 * resource.created} is {@code strata.resource.v1.ResourceCreated}, {@code
 * identity.tenant_created} is {@code strata.identity.v1.TenantCreated}), so new event
 * types need no code here.
 */
@Component
public class EventRenderer {

	private static final List<FileDescriptor> CONTRACTS = List.of(Resource.getDescriptor().getFile(),
			TenantCreated.getDescriptor().getFile(), CustomEventEmitted.getDescriptor().getFile(),
			ModelTrained.getDescriptor().getFile(), EndpointDisabled.getDescriptor().getFile());

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
		byte[] payload = (event.getData() != null) ? event.getData().toBytes() : new byte[0];
		Descriptor descriptor = descriptorFor(type);
		JsonNode data;
		if (descriptor == null) {
			// a type this build does not know yet: deliver it without data rather than
			// not at all
			data = this.json.createObjectNode();
		}
		else {
			Message message = parse(descriptor, payload);
			if (descriptor.getFullName().equals(CustomEventEmitted.getDescriptor().getFullName())) {
				// a workflow's event.emit step: the workflow names the webhook type
				FieldDescriptor customType = descriptor.findFieldByName("type");
				FieldDescriptor customData = descriptor.findFieldByName("data");
				type = (String) message.getField(customType);
				data = toJson(message.hasField(customData) ? (Message) message.getField(customData) : null);
			}
			else {
				data = unwrap(descriptor, message);
			}
		}
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
	private JsonNode unwrap(Descriptor descriptor, Message message) {
		FieldDescriptor resource = descriptor.findFieldByName("resource");
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

	private static Message parse(Descriptor descriptor, byte[] payload) {
		try {
			return DynamicMessage.parseFrom(descriptor, payload);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("The payload is not a " + descriptor.getFullName(), ex);
		}
	}

	static Descriptor descriptorFor(String shortType) {
		int dot = shortType.indexOf('.');
		if (dot <= 0) {
			return null;
		}
		String domain = shortType.substring(0, dot);
		String name = camel(shortType.substring(dot + 1));
		for (FileDescriptor file : CONTRACTS) {
			if (file.getPackage().equals("strata." + domain + ".v1")) {
				Descriptor descriptor = file.findMessageTypeByName(camel(domain) + name);
				return (descriptor != null) ? descriptor : file.findMessageTypeByName(name);
			}
		}
		return null;
	}

	private static String camel(String snake) {
		StringBuilder out = new StringBuilder();
		for (String part : snake.split("[._]")) {
			if (!part.isEmpty()) {
				out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
			}
		}
		return out.toString();
	}

	/**
	 * @param type the webhook type ({@code resource.created})
	 * @param occurredAt when the event happened
	 * @param body the exact JSON body that is signed and sent
	 */
	public record RenderedEvent(String type, Instant occurredAt, String body) {

	}

}
