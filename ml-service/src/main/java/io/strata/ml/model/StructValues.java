package io.strata.ml.model;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * A protobuf {@code Struct} (resource attributes, gRPC features) as the plain values JSON
 * gives: Double, String, Boolean, maps, lists, null.
 */
public final class StructValues {

	private StructValues() {
	}

	public static Map<String, Object> of(Struct struct) {
		Map<String, Object> values = new LinkedHashMap<>();
		struct.getFieldsMap().forEach((name, value) -> values.put(name, value(value)));
		return values;
	}

	static Object value(Value value) {
		return switch (value.getKindCase()) {
			case NUMBER_VALUE -> value.getNumberValue();
			case STRING_VALUE -> value.getStringValue();
			case BOOL_VALUE -> value.getBoolValue();
			case STRUCT_VALUE -> of(value.getStructValue());
			case LIST_VALUE -> value.getListValue().getValuesList().stream().map(StructValues::value).toList();
			default -> null;
		};
	}

}
