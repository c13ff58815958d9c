package io.strata.platform.openapi;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.NamingBase;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Makes the documented schemas say what the wire says. Strata writes JSON with Jackson 3
 * and snake_case names; springdoc's schemas come from swagger-core, which reads classes
 * with Jackson 2 and would name {@code nextPageToken} where the wire has
 * {@code next_page_token}. So every model's properties are renamed the way the wire names
 * them, a record's components are required (Jackson writes every one, nulls included)
 * unless declared {@link Nullable}, which also lets them be {@code null}, and Jackson 3's
 * {@code JsonNode} is any JSON value.
 * <p>
 * A converter in swagger-core's chain, not a replacement model resolver: springdoc's own
 * converters keep working, and renaming after resolution is the one place that sees every
 * model.
 */
final class RecordSchemas implements ModelConverter {

	private static final NamingBase WIRE_NAMES = (NamingBase) PropertyNamingStrategies.SNAKE_CASE;

	private static final String COMPONENTS = "#/components/schemas/";

	@Override
	public @Nullable Schema<?> resolve(AnnotatedType type, ModelConverterContext context,
			Iterator<ModelConverter> chain) {
		JavaType javaType = Json.mapper().constructType(type.getType());
		if (tools.jackson.databind.JsonNode.class.isAssignableFrom(javaType.getRawClass())) {
			return new JsonSchema();
		}
		if (!chain.hasNext()) {
			return null;
		}
		Schema<?> resolved = chain.next().resolve(type, context, chain);
		if (resolved == null || javaType.isContainerType() || javaType.getRawClass().getName().startsWith("java.")) {
			return resolved;
		}
		Schema<?> model = (resolved.get$ref() != null && resolved.get$ref().startsWith(COMPONENTS))
				? context.getDefinedModels().get(resolved.get$ref().substring(COMPONENTS.length())) : resolved;
		if (model != null && model.getProperties() != null) {
			renameToWire(model, explicitNames(javaType.getRawClass()));
			if (javaType.getRawClass().isRecord()) {
				requireComponents(model, javaType.getRawClass());
			}
		}
		return resolved;
	}

	private static void renameToWire(Schema<?> model, Set<String> explicit) {
		Map<String, Schema> renamed = new LinkedHashMap<>();
		model.getProperties()
			.forEach((name, property) -> renamed.put(explicit.contains(name) ? name : wireName(name), property));
		model.setProperties(renamed);
		if (model.getRequired() != null) {
			model.setRequired(new ArrayList<>(new LinkedHashSet<>(model.getRequired()
				.stream()
				.map((name) -> explicit.contains(name) ? name : wireName(name))
				.toList())));
		}
	}

	/**
	 * Names a class spells out with {@code @JsonProperty}: the wire uses them as they
	 * are.
	 */
	private static Set<String> explicitNames(Class<?> type) {
		Set<String> names = new LinkedHashSet<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			for (Field field : c.getDeclaredFields()) {
				JsonProperty property = field.getAnnotation(JsonProperty.class);
				if (property != null && !property.value().isEmpty()) {
					names.add(property.value());
				}
			}
		}
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				JsonProperty property = component.getAnnotation(JsonProperty.class);
				if (property != null && !property.value().isEmpty()) {
					names.add(property.value());
				}
			}
		}
		return names;
	}

	private static void requireComponents(Schema<?> model, Class<?> record) {
		Set<String> required = new LinkedHashSet<>((model.getRequired() != null) ? model.getRequired() : List.of());
		for (RecordComponent component : record.getRecordComponents()) {
			JsonProperty explicit = component.getAnnotation(JsonProperty.class);
			String name = (explicit != null && !explicit.value().isEmpty()) ? explicit.value()
					: wireName(component.getName());
			Schema<?> property = model.getProperties().get(name);
			if (property == null) {
				continue;
			}
			if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
				required.remove(name);
				model.getProperties().put(name, nullable(property));
			}
			else {
				required.add(name);
			}
		}
		model.setRequired(required.isEmpty() ? null : new ArrayList<>(required));
	}

	private static Schema<?> nullable(Schema<?> property) {
		if (property.get$ref() != null) {
			return new JsonSchema().anyOf(List.of(property, new JsonSchema().types(Set.of("null"))));
		}
		if (property.getTypes() != null && !property.getTypes().isEmpty()) {
			Set<String> types = new LinkedHashSet<>(property.getTypes());
			types.add("null");
			property.setTypes(types);
		}
		return property;
	}

	private static String wireName(String name) {
		return WIRE_NAMES.translate(name);
	}

}
