package io.strata.platform.web;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Refuses, in every request body a service reads, what the stores cannot take and the
 * code does not expect: NUL characters in strings, keys and JSON trees, and {@code null}
 * elements in typed lists and sets. Both fail as databind errors carrying the path, so
 * the problem handler answers 400 with a JSON pointer.
 */
public class StrictJsonModule extends SimpleModule {

	public StrictJsonModule() {
		super("strata-strict-json");
		addDeserializer(String.class, new NulFreeStrings());
		addKeyDeserializer(String.class, new NulFreeKeys());
		addDeserializer(JsonNode.class, new NulFreeTrees<>(JsonNode.class));
		addDeserializer(ObjectNode.class, new NulFreeTrees<>(ObjectNode.class));
		addDeserializer(ArrayNode.class, new NulFreeTrees<>(ArrayNode.class));
	}

	@Override
	public void setupModule(SetupContext context) {
		super.setupModule(context);
		for (Class<?> type : List.of(Collection.class, List.class, Set.class)) {
			context.configOverride(type).setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL));
		}
	}

	static boolean hasNul(String text) {
		return text != null && text.indexOf('\0') >= 0;
	}

	static final class NulFreeStrings extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			String value = super.deserialize(parser, context);
			if (hasNul(value)) {
				throw new NulCharacterException(parser);
			}
			return value;
		}

	}

	static final class NulFreeKeys extends KeyDeserializer {

		@Override
		public Object deserializeKey(String key, DeserializationContext context) throws JacksonException {
			if (hasNul(key)) {
				throw new NulCharacterException(context.getParser());
			}
			return key;
		}

	}

	/** Trees are built without the string deserializer, so they are checked whole. */
	static final class NulFreeTrees<T extends JsonNode> extends StdDeserializer<T> {

		private final ValueDeserializer<?> trees;

		NulFreeTrees(Class<T> type) {
			super(type);
			this.trees = JsonNodeDeserializer.getDeserializer(type);
		}

		@Override
		@SuppressWarnings("unchecked")
		public T deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
			T tree = (T) this.trees.deserialize(parser, context);
			check(tree, parser);
			return tree;
		}

		@Override
		public Object getNullValue(DeserializationContext context) {
			return this.trees.getNullValue(context);
		}

		private static void check(JsonNode node, JsonParser parser) {
			if (node.isString() && hasNul(node.stringValue())) {
				throw new NulCharacterException(parser);
			}
			if (node.isArray()) {
				for (int i = 0; i < node.size(); i++) {
					try {
						check(node.get(i), parser);
					}
					catch (NulCharacterException ex) {
						ex.prependPath(node, i);
						throw ex;
					}
				}
			}
			if (node.isObject()) {
				for (Map.Entry<String, JsonNode> field : node.properties()) {
					try {
						if (hasNul(field.getKey())) {
							throw new NulCharacterException(parser);
						}
						check(field.getValue(), parser);
					}
					catch (NulCharacterException ex) {
						ex.prependPath(node, field.getKey());
						throw ex;
					}
				}
			}
		}

	}

}
