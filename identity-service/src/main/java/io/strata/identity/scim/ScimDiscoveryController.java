package io.strata.identity.scim;

import java.beans.IntrospectionException;
import java.net.URI;
import java.util.List;

import com.unboundid.scim2.common.BaseScimResource;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.AuthenticationScheme;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Meta;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.SchemaUtils;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What the service supports, for identity providers that read it (RFC 7644 section 4):
 * the SDK's own resource and schema definitions of the core User and Group.
 */
@RestController
@Tag(name = "scim-discovery")
@RequestMapping("/scim/v2")
class ScimDiscoveryController {

	private final List<SchemaResource> schemas;

	ScimDiscoveryController() throws IntrospectionException {
		this.schemas = List.of(SchemaUtils.getSchema(UserResource.class), SchemaUtils.getSchema(GroupResource.class));
	}

	@GetMapping("/ServiceProviderConfig")
	@Operation(operationId = "scimGetServiceProviderConfig", summary = "Get what the SCIM service supports",
			responses = @ApiResponse(responseCode = "200", description = "The ServiceProviderConfig",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimDiscoveryResource.class))))
	ResponseEntity<byte[]> serviceProviderConfig() {
		ServiceProviderConfigResource config = new ServiceProviderConfigResource(
				"https://github.com/strata/strata/blob/main/identity-service/README.md", new PatchConfig(true),
				new BulkConfig(false, 0, 0), new FilterConfig(true, ScimQuery.MAX_COUNT),
				new ChangePasswordConfig(true), new SortConfig(false), new ETagConfig(true),
				List.of(AuthenticationScheme.createOAuth2BearerToken(true)));
		config.setMeta(meta("ServiceProviderConfig", "/ServiceProviderConfig"));
		return ScimJson.respond(HttpStatus.OK, config, null, null);
	}

	@GetMapping("/ResourceTypes")
	@Operation(operationId = "scimListResourceTypes", summary = "List the SCIM resource types",
			responses = @ApiResponse(responseCode = "200", description = "User and Group",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimListResponse.class))))
	ResponseEntity<byte[]> resourceTypes() {
		List<ResourceTypeResource> types = resourceTypeList();
		return ScimJson.respond(HttpStatus.OK, new ListResponse<>(types.size(), types, 1, types.size()), null, null);
	}

	@GetMapping("/ResourceTypes/{name}")
	@Operation(operationId = "scimGetResourceType", summary = "Get a SCIM resource type",
			responses = @ApiResponse(responseCode = "200", description = "The resource type",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimDiscoveryResource.class))))
	ResponseEntity<byte[]> resourceType(@PathVariable String name) throws ResourceNotFoundException {
		ResourceTypeResource type = resourceTypeList().stream()
			.filter((candidate) -> candidate.getId().equals(name))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("Resource type " + name + " not found"));
		return ScimJson.respond(HttpStatus.OK, type, null, null);
	}

	@GetMapping("/Schemas")
	@Operation(operationId = "scimListSchemas", summary = "List the SCIM schemas",
			responses = @ApiResponse(responseCode = "200", description = "The User and Group schemas",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimListResponse.class))))
	ResponseEntity<byte[]> schemas() {
		this.schemas.forEach((schema) -> schema.setMeta(meta("Schema", "/Schemas/" + schema.getId())));
		return ScimJson.respond(HttpStatus.OK,
				new ListResponse<>(this.schemas.size(), this.schemas, 1, this.schemas.size()), null, null);
	}

	@GetMapping("/Schemas/{id}")
	@Operation(operationId = "scimGetSchema", summary = "Get a SCIM schema",
			responses = @ApiResponse(responseCode = "200", description = "The schema",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimDiscoveryResource.class))))
	ResponseEntity<byte[]> schema(@PathVariable String id) throws ResourceNotFoundException {
		SchemaResource schema = this.schemas.stream()
			.filter((candidate) -> candidate.getId().equals(id))
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("Schema " + id + " not found"));
		return ScimJson.respond(HttpStatus.OK, schema, null, null);
	}

	/** Anything else under /scim/v2 is a SCIM 404, not the platform's problem+json. */
	@RequestMapping("/**")
	@Hidden
	ResponseEntity<byte[]> unknown() throws ResourceNotFoundException {
		throw new ResourceNotFoundException("No such SCIM endpoint");
	}

	private static List<ResourceTypeResource> resourceTypeList() {
		return List.of(resourceType("User", "User account", ScimResources.USERS, UserResource.class),
				resourceType("Group", "Group of users", ScimResources.GROUPS, GroupResource.class));
	}

	private static ResourceTypeResource resourceType(String name, String description, String endpoint,
			Class<? extends BaseScimResource> type) {
		ResourceTypeResource resource = new ResourceTypeResource(name, name, description, URI.create("/" + endpoint),
				URI.create(SchemaUtils.getSchemaUrn(type)), null);
		resource.setMeta(meta("ResourceType", "/ResourceTypes/" + name));
		return resource;
	}

	private static Meta meta(String resourceType, String path) {
		Meta meta = new Meta();
		meta.setResourceType(resourceType);
		meta.setLocation(ServletUriComponentsBuilder.fromCurrentContextPath().path("/scim/v2" + path).build().toUri());
		return meta;
	}

}
