package io.strata.gateway.graphql;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

/**
 * The schema's custom scalars: {@code JSON} (any JSON value: attributes, schemas, action
 * input) and {@code DateTime} (RFC 3339 UTC, as the REST API writes times).
 */
final class Scalars {

	static final GraphQLScalarType JSON = GraphQLScalarType.newScalar()
		.name("JSON")
		.description("Any JSON value.")
		.coercing(new JsonCoercing())
		.build();

	static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar()
		.name("DateTime")
		.description("An RFC 3339 timestamp in UTC.")
		.coercing(new DateTimeCoercing())
		.build();

	private Scalars() {
	}

	private static final class JsonCoercing implements Coercing<Object, Object> {

		@Override
		public Object serialize(Object value, GraphQLContext context, Locale locale) {
			return value;
		}

		@Override
		public Object parseValue(Object input, GraphQLContext context, Locale locale) {
			return input;
		}

		@Override
		public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
			return literal(input, variables);
		}

		private static Object literal(Value<?> input, CoercedVariables variables) {
			if (input instanceof NullValue) {
				return null;
			}
			if (input instanceof StringValue string) {
				return string.getValue();
			}
			if (input instanceof IntValue integer) {
				return integer.getValue().longValueExact();
			}
			if (input instanceof FloatValue decimal) {
				return decimal.getValue().doubleValue();
			}
			if (input instanceof BooleanValue bool) {
				return bool.isValue();
			}
			if (input instanceof EnumValue enumValue) {
				return enumValue.getName();
			}
			if (input instanceof VariableReference variable) {
				return variables.get(variable.getName());
			}
			if (input instanceof ArrayValue array) {
				List<Object> list = new ArrayList<>();
				array.getValues().forEach((item) -> list.add(literal(item, variables)));
				return list;
			}
			if (input instanceof ObjectValue object) {
				Map<String, Object> map = new LinkedHashMap<>();
				object.getObjectFields()
					.forEach((field) -> map.put(field.getName(), literal(field.getValue(), variables)));
				return map;
			}
			throw new CoercingParseLiteralException("Not a JSON value: " + input);
		}

	}

	private static final class DateTimeCoercing implements Coercing<Instant, String> {

		@Override
		public String serialize(Object value, GraphQLContext context, Locale locale) {
			if (value instanceof Instant instant) {
				return instant.toString();
			}
			throw new CoercingSerializeException("Not a time: " + value);
		}

		@Override
		public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
			try {
				return Instant.parse(String.valueOf(input));
			}
			catch (DateTimeParseException ex) {
				throw new CoercingParseValueException("Not an RFC 3339 time: " + input);
			}
		}

		@Override
		public Instant parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
			if (input instanceof StringValue string) {
				try {
					return Instant.parse(string.getValue());
				}
				catch (DateTimeParseException ex) {
					// falls through to the refusal
				}
			}
			throw new CoercingParseLiteralException("Not an RFC 3339 time: " + input);
		}

	}

}
