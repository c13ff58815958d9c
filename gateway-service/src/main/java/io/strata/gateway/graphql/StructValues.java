package io.strata.gateway.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import tools.jackson.databind.json.JsonMapper;

/**
 * Protobuf's {@code Struct} as GraphQL's {@code JSON} scalar (maps, lists, strings,
 * numbers, booleans, null); the other way is platform {@code proto.Structs}. Struct
 * numbers are doubles: a whole one comes back as a {@code Long}, so {@code 2} stays
 * {@code 2} on its way through.
 */
final class StructValues {

	private static final double EXACT = 9_007_199_254_740_992d;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private StructValues() {
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
