package io.strata.platform.proto;

import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import tools.jackson.databind.JsonNode;

/**
 * Free-form JSON (a resource's attributes, an event's data, a model's features) as
 * protobuf's {@code Struct}, as protobuf's {@code JsonFormat} would parse its text
 * (numbers become doubles), from a JSON tree or from plain values (maps, lists, strings,
 * numbers, booleans, null), without writing text and parsing it again.
 */
public final class Structs {

	private Structs() {
	}

	/** The JSON object as a {@code Struct}; anything else is refused. */
	public static Struct ofTree(JsonNode json) {
		if (json == null || !json.isObject()) {
			throw new IllegalArgumentException("not a JSON object: " + json);
		}
		Struct.Builder struct = Struct.newBuilder();
		for (Map.Entry<String, JsonNode> field : json.properties()) {
			struct.putFields(field.getKey(), value(field.getValue()));
		}
		return struct.build();
	}

	/** The map as a {@code Struct}: its keys as text, its values as plain JSON values. */
	public static Struct ofMap(Map<?, ?> map) {
		Struct.Builder struct = Struct.newBuilder();
		map.forEach((key, value) -> struct.putFields(String.valueOf(key), value(value)));
		return struct.build();
	}

	private static Value value(JsonNode json) {
		if (json.isObject()) {
			return Value.newBuilder().setStructValue(ofTree(json)).build();
		}
		if (json.isArray()) {
			ListValue.Builder list = ListValue.newBuilder();
			for (JsonNode item : json.values()) {
				list.addValues(value(item));
			}
			return Value.newBuilder().setListValue(list).build();
		}
		if (json.isString()) {
			return Value.newBuilder().setStringValue(json.stringValue()).build();
		}
		if (json.isNumber()) {
			double number = json.numberValue().doubleValue();
			if (Double.isInfinite(number)) {
				// what JsonFormat refuses too
				throw new IllegalArgumentException("out of range double value: " + json);
			}
			return Value.newBuilder().setNumberValue(number).build();
		}
		if (json.isBoolean()) {
			return Value.newBuilder().setBoolValue(json.booleanValue()).build();
		}
		return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
	}

	private static Value value(Object value) {
		if (value == null) {
			return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
		}
		if (value instanceof Map<?, ?> map) {
			return Value.newBuilder().setStructValue(ofMap(map)).build();
		}
		if (value instanceof Iterable<?> items) {
			ListValue.Builder list = ListValue.newBuilder();
			items.forEach((item) -> list.addValues(value(item)));
			return Value.newBuilder().setListValue(list).build();
		}
		if (value instanceof Number number) {
			return Value.newBuilder().setNumberValue(number.doubleValue()).build();
		}
		if (value instanceof Boolean bool) {
			return Value.newBuilder().setBoolValue(bool).build();
		}
		return Value.newBuilder().setStringValue(value.toString()).build();
	}

}
