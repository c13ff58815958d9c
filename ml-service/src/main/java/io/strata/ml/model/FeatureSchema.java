package io.strata.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a version turns a resource's attributes into the model's columns: a number is one
 * column, a boolean one column of 0 or 1, text one column per value seen in training
 * (one-hot; a value not seen in training sets none of them). Kept in the manifest, so
 * that predictions encode instances exactly as training did.
 *
 * @param features in column order
 */
record FeatureSchema(List<Feature> features) {

	/** A feature's kind: how its value is encoded. */
	enum Kind {

		NUMBER, BOOLEAN, CATEGORY

	}

	/**
	 * @param name the attribute
	 * @param kind how its value is encoded
	 * @param categories the text values seen in training (category features only)
	 */
	record Feature(String name, Kind kind, List<String> categories) {

		int width() {
			return (this.kind == Kind.CATEGORY) ? this.categories.size() : 1;
		}

	}

	/**
	 * The schema of these features in these rows; a feature whose values are of more than
	 * one kind, or of none, is refused with the reason.
	 */
	static FeatureSchema infer(List<String> names, List<Map<String, Object>> rows) {
		List<Feature> features = new ArrayList<>();
		for (String name : names) {
			Kind kind = null;
			TreeSet<String> categories = new TreeSet<>();
			for (Map<String, Object> row : rows) {
				Object value = row.get(name);
				if (value == null) {
					continue;
				}
				Kind seen = kindOf(value);
				if (seen == null || (kind != null && kind != seen)) {
					throw new TrainingFailure("Feature " + name
							+ " mixes kinds of values (numbers, booleans, text) or holds lists or objects.");
				}
				kind = seen;
				if (seen == Kind.CATEGORY) {
					categories.add((String) value);
				}
			}
			if (kind == null) {
				throw new TrainingFailure("Feature " + name + " has no value in any training row.");
			}
			features.add(new Feature(name, kind, List.copyOf(categories)));
		}
		return new FeatureSchema(List.copyOf(features));
	}

	static Kind kindOf(Object value) {
		if (value instanceof Number) {
			return Kind.NUMBER;
		}
		if (value instanceof Boolean) {
			return Kind.BOOLEAN;
		}
		if (value instanceof String) {
			return Kind.CATEGORY;
		}
		return null;
	}

	int columns() {
		return this.features.stream().mapToInt(Feature::width).sum();
	}

	List<String> names() {
		return this.features.stream().map(Feature::name).toList();
	}

	/**
	 * Writes the row's columns into {@code matrix} from {@code offset}; an absent value
	 * is NaN (missing, which the trees route on their own). The values' kinds must have
	 * been checked.
	 */
	void encode(Map<String, Object> row, float[] matrix, int offset) {
		int column = offset;
		for (Feature feature : this.features) {
			Object value = row.get(feature.name());
			switch (feature.kind()) {
				case NUMBER -> matrix[column] = (value != null) ? ((Number) value).floatValue() : Float.NaN;
				case BOOLEAN -> matrix[column] = (value != null) ? (((Boolean) value) ? 1f : 0f) : Float.NaN;
				case CATEGORY -> {
					for (int i = 0; i < feature.categories().size(); i++) {
						matrix[column + i] = (value == null) ? Float.NaN
								: (feature.categories().get(i).equals(value) ? 1f : 0f);
					}
				}
			}
			column += feature.width();
		}
	}

}
