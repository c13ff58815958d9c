package io.strata.workflow.support;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import tools.jackson.databind.JsonNode;

/**
 * JSON to protobuf {@code Struct}, and timestamps. A JSON tree is walked into its
 * {@code Struct} as protobuf's {@code JsonFormat} would parse its text (numbers become
 * doubles), without writing the tree out and parsing the text again: events carry a
 * resource's attributes, written per step of every run.
 */
public final class Protos {

	private Protos() {
	}

	/** The JSON object as a {@code Struct}. */
	public static Struct struct(JsonNode json) {
		if (json == null || !json.isObject()) {
			throw new IllegalArgumentException("not a JSON object: " + json);
		}
		Struct.Builder struct = Struct.newBuilder();
		for (Map.Entry<String, JsonNode> field : json.properties()) {
			struct.putFields(field.getKey(), value(field.getValue()));
		}
		return struct.build();
	}

	private static Value value(JsonNode json) {
		if (json.isObject()) {
			return Value.newBuilder().setStructValue(struct(json)).build();
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

	public static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
