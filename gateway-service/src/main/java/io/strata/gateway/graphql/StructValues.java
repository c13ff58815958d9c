package io.strata.gateway.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON values between GraphQL's {@code JSON} scalar (maps, lists, strings, numbers,
 * booleans, null) and protobuf's {@code Struct}. Struct numbers are doubles: a whole one
 * comes back as a {@code Long}, so {@code 2} stays {@code 2} on its way through.
 */
final class StructValues {

	private static final double EXACT = 9_007_199_254_740_992d;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private StructValues() {
	}

	static Struct toStruct(Map<?, ?> map) {
		Struct.Builder struct = Struct.newBuilder();
		map.forEach((key, value) -> struct.putFields(String.valueOf(key), toValue(value)));
		return struct.build();
	}

	static Value toValue(Object value) {
		if (value == null) {
			return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
		}
		if (value instanceof Map<?, ?> map) {
			return Value.newBuilder().setStructValue(toStruct(map)).build();
		}
		if (value instanceof Iterable<?> items) {
			ListValue.Builder list = ListValue.newBuilder();
			items.forEach((item) -> list.addValues(toValue(item)));
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

	static Map<String, Object> toMap(Struct struct) {
		Map<String, Object> map = new LinkedHashMap<>();
		struct.getFieldsMap().forEach((key, value) -> map.put(key, toObject(value)));
		return map;
	}

	static Object toObject(Value value) {
		return switch (value.getKindCase()) {
			case NULL_VALUE, KIND_NOT_SET -> null;
			case BOOL_VALUE -> value.getBoolValue();
			case STRING_VALUE -> value.getStringValue();
			case NUMBER_VALUE -> number(value.getNumberValue());
			case STRUCT_VALUE -> toMap(value.getStructValue());
			case LIST_VALUE -> {
				List<Object> list = new ArrayList<>();
				value.getListValue().getValuesList().forEach((item) -> list.add(toObject(item)));
				yield list;
			}
		};
	}

	/** JSON text (a type's schema or lifecycle) as a JSON scalar value. */
	static Object parseJson(String json) {
		if (json == null || json.isBlank()) {
			return null;
		}
		return JSON.readValue(json, Object.class);
	}

	private static Object number(double number) {
		if (number == Math.rint(number) && Math.abs(number) <= EXACT) {
			return (long) number;
		}
		return number;
	}

}
