package io.strata.workflow.resourcetype;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.strata.platform.outbox.Outbox;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.schema.JsonSchemas;
import io.strata.platform.web.ETags;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Defines, updates (as a new version) and retires resource types; each change publishes
 * {@code resource.type_changed} in the same transaction.
 */
@Service
public class DefiningResourceTypes {

	private final TenantScope tenants;

	private final ResourceTypeStore store;

	private final JsonSchemas schemas;

	private final LifecycleReader lifecycles;

	private final Outbox outbox;

	DefiningResourceTypes(TenantScope tenants, ResourceTypeStore store, JsonSchemas schemas, LifecycleReader lifecycles,
			Outbox outbox) {
		this.tenants = tenants;
		this.store = store;
		this.schemas = schemas;
		this.lifecycles = lifecycles;
		this.outbox = outbox;
	}

	/**
	 * What a caller sends.
	 *
	 * @param name the type's name (ignored on update: the path names it)
	 * @param schema JSON Schema 2020-12 of the attributes
	 * @param lifecycle states, initial state and actions
	 * @param description free text
	 * @param textAttributes string attributes (names in the schema's {@code properties})
	 * whose text is embedded for semantic search; absent or empty: every string attribute
	 */
	@Schema(name = "ResourceTypeDefinition", description = "A resource type as a caller defines it.")
	public record Definition(@Nullable @Schema(example = "ticket") String name,
			@Schema(example = "{\"type\": \"object\", \"required\": [\"title\"]}") JsonNode schema,
			@Schema(example = "{\"initial\": \"open\", \"states\": [\"open\", \"closed\"], \"actions\": {}}") JsonNode lifecycle,
			@Nullable @Schema(example = "A support ticket") String description,
			@Nullable @ArraySchema(maxItems = TextAttributes.MAX, schema = @Schema(example = "title"),
					arraySchema = @Schema(description = "String attributes (names in the schema's properties) whose "
							+ "text is embedded for semantic search; absent or empty: every string attribute")) List<String> textAttributes) {

		List<String> textAttributesOrNone() {
			return (this.textAttributes != null) ? this.textAttributes : List.of();
		}

	}

	public ResourceType define(String tenantId, Definition definition) {
		check(definition, true);
		try {
			return this.tenants.call(tenantId, (status) -> save(tenantId, definition.name(), 1, definition));
		}
		catch (DuplicateKeyException ex) {
			throw ProblemException.conflict("A resource type named '" + definition.name()
					+ "' exists; update it with PUT /v2/resource-types/" + definition.name() + ".");
		}
	}

	public ResourceType update(String tenantId, String name, String ifMatch, Definition definition) {
		check(definition, false);
		try {
			return this.tenants.call(tenantId, (status) -> {
				ResourceType current = this.store.find(name, 0)
					.orElseThrow(() -> ProblemException.notFound("Resource type", name));
				if (current.retired()) {
					throw ProblemException.conflict("The resource type '" + name + "' is retired.");
				}
				ETags.check(ifMatch, current.version());
				return save(tenantId, name, current.version() + 1, definition);
			});
		}
		catch (DuplicateKeyException ex) {
			throw ProblemException.conflict("The resource type '" + name + "' changed meanwhile; read it and retry.");
		}
	}

	public ResourceType retire(String tenantId, String name) {
		return this.tenants.call(tenantId, (status) -> {
			this.store.find(name, 0).orElseThrow(() -> ProblemException.notFound("Resource type", name));
			this.store.retire(name);
			ResourceType retired = this.store.find(name, 0).orElseThrow();
			this.outbox.append(ResourceTypeEvents.changed(retired));
			return retired;
		});
	}

	private ResourceType save(String tenantId, String name, int version, Definition definition) {
		this.store.insert(tenantId, name, version, definition.schema(), definition.lifecycle(),
				definition.description(), definition.textAttributesOrNone());
		ResourceType saved = this.store.find(name, version).orElseThrow();
		this.outbox.append(ResourceTypeEvents.changed(saved));
		return saved;
	}

	private void check(Definition definition, boolean needsName) {
		List<FieldViolation> violations = new ArrayList<>();
		if (needsName && (definition.name() == null || !definition.name().matches(LifecycleReader.NAME_PATTERN))) {
			violations.add(new FieldViolation("/name", "is required and must match " + LifecycleReader.NAME_PATTERN));
		}
		if (definition.description() != null && definition.description().length() > 2000) {
			violations.add(new FieldViolation("/description", "must be at most 2000 characters"));
		}
		violations.addAll(this.schemas.checkSchema(definition.schema(), "/schema"));
		TextAttributes.check(definition.textAttributes(), definition.schema(), "/text_attributes", violations);
		this.lifecycles.check(definition.lifecycle(), "/lifecycle", violations);
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The resource type has " + violations.size() + " problem(s).", violations);
		}
	}

}
