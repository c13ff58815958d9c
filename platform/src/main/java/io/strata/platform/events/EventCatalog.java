package io.strata.platform.events;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.cloudevents.CloudEvent;

import io.strata.proto.events.v1.EventDeclaration;
import io.strata.proto.events.v1.EventOptions;
import io.strata.proto.identity.v1.Identity;
import io.strata.proto.ml.v1.Inference;
import io.strata.proto.notification.v1.Notification;
import io.strata.proto.resource.v1.ResourceOuterClass;
import io.strata.proto.workflow.v1.Workflow;

/**
 * Every event type of the platform, as shared-proto declares them: each payload message
 * that carries the {@code (strata.events.v1.event)} option is one event type, with its
 * short type, topic, key and version. Producers name an event by its payload
 * ({@link DomainEvent#of(String, String, Message)}), consumers get the payload back typed
 * ({@link #payload(CloudEvent)}) and dispatch on its class; nobody writes an event type
 * as a string. {@code api/events.md} lists this catalog.
 */
public final class EventCatalog {

	/** The proto files that declare events, one per owning service. */
	private static final List<FileDescriptor> FILES = List.of(Identity.getDescriptor(),
			ResourceOuterClass.getDescriptor(), Workflow.getDescriptor(), Notification.getDescriptor(),
			Inference.getDescriptor());

	private static final Map<Class<? extends Message>, Entry> BY_CLASS = new LinkedHashMap<>();

	private static final Map<String, Entry> BY_TYPE = new LinkedHashMap<>();

	static {
		for (FileDescriptor file : FILES) {
			for (Descriptor message : file.getMessageTypes()) {
				if (message.getOptions().hasExtension(EventOptions.event)) {
					Entry entry = Entry.of(message, message.getOptions().getExtension(EventOptions.event));
					if (BY_TYPE.putIfAbsent(entry.type(), entry) != null) {
						throw new IllegalStateException("Event type " + entry.type() + " is declared twice");
					}
					BY_CLASS.put(entry.payloadClass(), entry);
				}
			}
		}
	}

	private EventCatalog() {
	}

	/**
	 * One event type.
	 *
	 * @param type short type, such as {@code resource.created}
	 * @param version type version ({@code .v1})
	 * @param topic logical topic, such as {@link EventTopics#RESOURCE}
	 * @param key what the Kafka key is
	 * @param description what happened
	 * @param descriptor the payload message's descriptor
	 * @param defaultInstance the payload message's default instance (its parser)
	 */
	public record Entry(String type, int version, String topic, String key, String description, Descriptor descriptor,
			Message defaultInstance) {

		static Entry of(Descriptor message, EventDeclaration declaration) {
			String className = message.getFile().getOptions().getJavaPackage() + "." + message.getName();
			try {
				Message instance = (Message) Class.forName(className).getMethod("getDefaultInstance").invoke(null);
				return new Entry(declaration.getType(), Math.max(1, declaration.getVersion()), declaration.getTopic(),
						declaration.getKey(), declaration.getDescription(), message, instance);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("No generated class " + className + " for event " + message, ex);
			}
		}

		public String cloudEventType() {
			return EventTypes.cloudEventType(this.type, this.version);
		}

		@SuppressWarnings("unchecked")
		public Class<? extends Message> payloadClass() {
			return (Class<? extends Message>) this.defaultInstance.getClass();
		}

	}

	/** Every event type, by proto file and declaration order. */
	public static Collection<Entry> all() {
		return BY_TYPE.values();
	}

	/** The event type a payload message is declared for. */
	public static Entry of(Class<? extends Message> payloadClass) {
		Entry entry = BY_CLASS.get(payloadClass);
		if (entry == null) {
			throw new IllegalArgumentException(payloadClass.getName() + " is not declared as an event payload");
		}
		return entry;
	}

	/** The event type of a short type such as {@code resource.created}, if declared. */
	public static Optional<Entry> byType(String shortType) {
		return Optional.ofNullable(BY_TYPE.get(shortType));
	}

	/**
	 * The event's payload, parsed as the message its type declares; empty for a type the
	 * catalog does not know (another platform version's, or nobody's).
	 * @throws IllegalArgumentException when the data is not that message (a poison event)
	 */
	public static Optional<Message> payload(CloudEvent event) {
		Optional<Entry> entry = byType(EventTypes.shortType(event.getType()));
		if (entry.isEmpty()) {
			return Optional.empty();
		}
		byte[] data = (event.getData() != null) ? event.getData().toBytes() : new byte[0];
		try {
			return Optional.of(entry.get().defaultInstance().getParserForType().parseFrom(data));
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("Unreadable " + entry.get().type() + " event " + event.getId(), ex);
		}
	}

	/** The short type of an event payload, such as {@code resource.created}. */
	public static String typeOf(Class<? extends Message> payloadClass) {
		return of(payloadClass).type();
	}

}
