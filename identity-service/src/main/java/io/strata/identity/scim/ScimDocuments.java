package io.strata.identity.scim;

import java.util.List;

import tools.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.AdditionalPropertiesValue;
import org.jspecify.annotations.Nullable;

/**
 * The SCIM documents (RFC 7643, RFC 7644) as the API document names them. The SCIM
 * controllers read and write them with the SCIM SDK's own mapper (see {@link ScimJson});
 * these records only describe them. SCIM's attribute names are its own (camelCase, such
 * as {@code userName}), so beyond {@code schemas}, {@code id} and {@code meta} each
 * document is open: the SCIM schemas at {@code /scim/v2/Schemas} define the rest.
 */
final class ScimDocuments {

	static final String MEDIA_TYPE = "application/scim+json";

	private ScimDocuments() {
	}

	@Schema(name = "ScimUser", additionalProperties = AdditionalPropertiesValue.TRUE,
			description = "A SCIM User (RFC 7643 section 4.1): userName, name, emails, active, groups and the other "
					+ "attributes of urn:ietf:params:scim:schemas:core:2.0:User.")
	record ScimUser(@Schema(example = "[\"urn:ietf:params:scim:schemas:core:2.0:User\"]") List<String> schemas,
			@Schema(description = "Assigned by the service; absent in a request",
					example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") @Nullable String id,
			@Schema(description = "resourceType, created, lastModified, location and version") @Nullable JsonNode meta) {

	}

	@Schema(name = "ScimGroup", additionalProperties = AdditionalPropertiesValue.TRUE,
			description = "A SCIM Group (RFC 7643 section 4.2): displayName, externalId and members.")
	record ScimGroup(@Schema(example = "[\"urn:ietf:params:scim:schemas:core:2.0:Group\"]") List<String> schemas,
			@Schema(description = "Assigned by the service; absent in a request",
					example = "grp_01J9Z3K4XG8M2V6T7Q5W0R1B2C") @Nullable String id,
			@Schema(description = "resourceType, created, lastModified, location and version") @Nullable JsonNode meta) {

	}

	@Schema(name = "ScimListResponse", additionalProperties = AdditionalPropertiesValue.TRUE,
			description = "A SCIM list (RFC 7644 section 3.4.2): totalResults, startIndex, itemsPerPage and the "
					+ "Resources of this page.")
	record ScimListResponse(
			@Schema(example = "[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"]") List<String> schemas) {

	}

	@Schema(name = "ScimPatchRequest", additionalProperties = AdditionalPropertiesValue.TRUE,
			description = "A SCIM PATCH (RFC 7644 section 3.5.2): its Operations, each with op, path and value.")
	record ScimPatchRequest(
			@Schema(example = "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]") List<String> schemas) {

	}

	@Schema(name = "ScimDiscoveryResource", additionalProperties = AdditionalPropertiesValue.TRUE,
			description = "A SCIM ServiceProviderConfig, ResourceType or Schema (RFC 7643 sections 5 to 7).")
	record ScimDiscoveryResource(
			@Schema(example = "[\"urn:ietf:params:scim:schemas:core:2.0:ResourceType\"]") List<String> schemas,
			@Schema(description = "Absent for the ServiceProviderConfig", example = "User") @Nullable String id,
			@Schema(description = "resourceType and location") @Nullable JsonNode meta) {

	}

}
