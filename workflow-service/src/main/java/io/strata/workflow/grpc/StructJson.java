package io.strata.workflow.grpc;

import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A protobuf {@code Struct} as the JSON the REST API would have received. Struct numbers
 * are doubles; a whole one within the exact range of a double becomes an integer, so
 * {@code "priority": 2} sent over gRPC is stored as {@code 2}, not {@code 2.0}, and
 * passes an {@code "type": "integer"} schema as it does over HTTP.
 */
final class StructJson {

	private static final double EXACT = 9_007_199_254_740_992d;

	private StructJson() {
	}

	static ObjectNode object(Struct struct) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
			node.set(field.getKey(), value(field.getValue()));
		}
		return node;
	}

	private static JsonNode value(Value value) {
		return switch (value.getKindCase()) {
			case NULL_VALUE, KIND_NOT_SET -> JsonNodeFactory.instance.nullNode();
			case BOOL_VALUE -> JsonNodeFactory.instance.booleanNode(value.getBoolValue());
			case STRING_VALUE -> JsonNodeFactory.instance.textNode(value.getStringValue());
			case NUMBER_VALUE -> number(value.getNumberValue());
			case STRUCT_VALUE -> object(value.getStructValue());
			case LIST_VALUE -> list(value.getListValue());
		};
	}

	private static JsonNode number(double number) {
		if (number == Math.rint(number) && Math.abs(number) <= EXACT) {
			return JsonNodeFactory.instance.numberNode((long) number);
		}
		return JsonNodeFactory.instance.numberNode(number);
	}

	private static ArrayNode list(ListValue list) {
		ArrayNode node = JsonNodeFactory.instance.arrayNode();
		list.getValuesList().forEach((item) -> node.add(value(item)));
		return node;
	}

}
