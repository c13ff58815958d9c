package io.strata.analytics.resource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

import io.strata.platform.proto.Structs;
import io.strata.proto.resource.v1.Resource;

/**
 * Turns a resource into its search document. Tenant-defined attributes never become
 * mapping fields: they are kept verbatim in {@code attributes} (stored, not indexed) and
 * indexed as key/value rows of the fixed nested field {@code attrs} (key, str, num, bool,
 * date), so a tenant adding odd fields cannot grow or break the mapping, while
 * {@code attributes.priority >= 3} still compares numbers. String leaves also feed the
 * full-text field {@code text}.
 */
final class ResourceDocuments {

	static final int MAX_KEY_LENGTH = 200;

	private ResourceDocuments() {
	}

	static String documentId(String tenantId, String id) {
		return tenantId + ":" + id;
	}

	static Map<String, Object> document(Resource resource, int maxAttributeFields) {
		Map<String, Object> attributes = struct(resource.getAttributes());
		List<Map<String, Object>> rows = new ArrayList<>();
		List<String> text = new ArrayList<>();
		flatten("", attributes, rows, text, maxAttributeFields);
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("id", resource.getId());
		document.put("tenant_id", resource.getTenantId());
		document.put("type", resource.getType());
		document.put("type_version", resource.getTypeVersion());
		document.put("state", resource.getState());
		document.put("attributes", attributes);
		document.put("version", resource.getVersion());
		document.put("created_at", instant(resource.getCreatedAt()).toString());
		document.put("updated_at", instant(resource.getUpdatedAt()).toString());
		document.put("attrs", rows);
		document.put("text", text);
		return document;
	}

	/**
	 * The text of a document to embed: its type's text attributes that hold a string, in
	 * the type's order, or every string attribute when the type names none; one per line,
	 * may be blank.
	 */
	@SuppressWarnings("unchecked")
	static String embeddingText(Map<String, Object> document, List<String> textAttributes) {
		if (textAttributes.isEmpty()) {
			return ResourceEmbeddings.textOf((List<String>) document.get("text"));
		}
		List<String> strings = new ArrayList<>();
		if (document.get("attributes") instanceof Map<?, ?> attributes) {
			for (String name : textAttributes) {
				if (attributes.get(name) instanceof String string) {
					strings.add(string);
				}
			}
		}
		return ResourceEmbeddings.textOf(strings);
	}

	/**
	 * Adds each document's vector, the model that made it and the text attributes it was
	 * made from ({@link ResourceTypeTexts#key}), in order.
	 */
	static void withVectors(List<Map<String, Object>> documents, List<String> textKeys,
			ResourceEmbeddings.Vectors vectors) {
		for (int i = 0; i < documents.size(); i++) {
			documents.get(i).put("embedding", vectors.vectors().get(i));
			documents.get(i).put("embedding_model", vectors.model());
			documents.get(i).put("text_key", textKeys.get(i));
		}
	}

	/**
	 * The fields of a document that make its {@link #view}: all a search needs of
	 * {@code _source} (not the indexed-only {@code attrs} rows and {@code text}, which
	 * are most of a document).
	 */
	static final List<String> VIEW_FIELDS = List.of("id", "tenant_id", "type", "type_version", "state", "attributes",
			"version", "created_at", "updated_at");

	/** The API shape of a resource, as GET /v2/resources/{id} answers it. */
	static Map<String, Object> view(Map<String, Object> source) {
		Map<String, Object> view = new LinkedHashMap<>();
		for (String field : VIEW_FIELDS) {
			view.put(field, source.get(field));
		}
		return view;
	}

	static Resource toProto(Map<String, Object> source) {
		Resource.Builder resource = Resource.newBuilder()
			.setId(String.valueOf(source.get("id")))
			.setTenantId(String.valueOf(source.get("tenant_id")))
			.setType(String.valueOf(source.get("type")))
			.setTypeVersion(((Number) source.get("type_version")).intValue())
			.setState(String.valueOf(source.get("state")))
			.setVersion(((Number) source.get("version")).longValue())
			.setCreatedAt(timestamp(Instant.parse(String.valueOf(source.get("created_at")))))
			.setUpdatedAt(timestamp(Instant.parse(String.valueOf(source.get("updated_at")))));
		if (source.get("attributes") instanceof Map<?, ?> attributes) {
			resource.setAttributes(Structs.ofMap(attributes));
		}
		return resource.build();
	}

	private static void flatten(String key, Object value, List<Map<String, Object>> rows, List<String> text, int max) {
		if (rows.size() >= max || key.length() > MAX_KEY_LENGTH) {
			return;
		}
		if (value instanceof Map<?, ?> map) {
			// sorted, so that which leaves fit under the cap does not depend on map order
			new TreeMap<>(map).forEach((name, child) -> flatten(key.isEmpty() ? String.valueOf(name) : key + "." + name,
					child, rows, text, max));
		}
		else if (value instanceof List<?> list) {
			list.forEach((element) -> flatten(key, element, rows, text, max));
		}
		else if (value != null && !key.isEmpty()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("key", key);
			if (value instanceof Double number) {
				row.put("num", number);
			}
			else if (value instanceof Boolean bool) {
				row.put("bool", bool);
			}
			else {
				String string = value.toString();
				row.put("str", string);
				text.add(string);
				timestampOf(string).ifPresent((instant) -> row.put("date", instant.toString()));
			}
			rows.add(row);
		}
	}

	static Optional<Instant> timestampOf(String value) {
		if (value.length() < 20 || value.length() > 40 || !Character.isDigit(value.charAt(0))) {
			return Optional.empty();
		}
		try {
			return Optional.of(OffsetDateTime.parse(value).toInstant());
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	static Map<String, Object> struct(Struct struct) {
		Map<String, Object> map = new LinkedHashMap<>();
		struct.getFieldsMap().forEach((name, value) -> map.put(name, value(value)));
		return map;
	}

	private static Object value(Value value) {
		return switch (value.getKindCase()) {
			case NUMBER_VALUE -> value.getNumberValue();
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> value.getBoolValue();
			case STRUCT_VALUE -> struct(value.getStructValue());
			case LIST_VALUE -> value.getListValue().getValuesList().stream().map(ResourceDocuments::value).toList();
			case NULL_VALUE, KIND_NOT_SET -> null;
		};
	}

	static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
