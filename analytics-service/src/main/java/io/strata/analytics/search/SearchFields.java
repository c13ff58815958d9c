package io.strata.analytics.search;

import java.util.Map;
import java.util.Optional;

import io.strata.platform.filter.Filter;

/**
 * The fields a list API lets callers filter and sort on, and how each is indexed. Only
 * these reach Elasticsearch: anything else is an unknown field (400), so a filter can
 * never address internal fields.
 *
 * @param fields the top-level fields by API name (the index field has the same name)
 * @param attributes whether {@code attributes.<key>} addresses tenant-defined attributes
 * (indexed as the nested key/value field {@code attrs})
 */
public record SearchFields(Map<String, Type> fields, boolean attributes) {

	public static final String ATTRIBUTES = "attributes";

	public enum Type {

		KEYWORD, NUMBER, DATE

	}

	/** A resolved field: a top-level one, or an attribute key. */
	public sealed interface Field permits Known, Attribute {

	}

	public record Known(String name, Type type) implements Field {

	}

	public record Attribute(String key) implements Field {

	}

	public Optional<Field> resolve(Filter.Path path) {
		if (path.segments().size() == 1 && this.fields.containsKey(path.dotted())) {
			return Optional.of(new Known(path.dotted(), this.fields.get(path.dotted())));
		}
		if (this.attributes && path.segments().size() > 1 && ATTRIBUTES.equals(path.segments().get(0))) {
			return Optional.of(new Attribute(String.join(".", path.segments().subList(1, path.segments().size()))));
		}
		return Optional.empty();
	}

}
