package io.strata.identity.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.strata.platform.security.Caller;
import io.strata.platform.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * SCIM 2.0 Groups of the SCIM token's tenant. {@code excludedAttributes=members} (what
 * Okta and Entra ID ask for when they only look a group up) skips reading members.
 */
@RestController
@Tag(name = "scim-groups")
@RequestMapping("/scim/v2/Groups")
class ScimGroupController {

	private final ProvisioningGroups groups;

	ScimGroupController(ProvisioningGroups groups) {
		this.groups = groups;
	}

	@GetMapping
	@Operation(operationId = "scimListGroups", summary = "List groups (SCIM)",
			responses = @ApiResponse(responseCode = "200", description = "A page of groups",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimListResponse.class))))
	ResponseEntity<byte[]> list(@RequestParam(required = false) String filter,
			@RequestParam(required = false) Integer startIndex, @RequestParam(required = false) Integer count,
			@RequestParam(required = false) String excludedAttributes) throws ScimException {
		ScimQuery query = ScimQuery.of(filter, startIndex, count);
		boolean withMembers = withMembers(excludedAttributes)
				|| (filter != null && filter.toLowerCase(java.util.Locale.ROOT).contains("members"));
		ListResponse<GroupResource> page = query
			.apply(this.groups.candidates(Caller.current().tenantId(), withMembers));
		return ScimJson.respond(HttpStatus.OK, page, null, null);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "scimGetGroup", summary = "Get a group (SCIM)",
			responses = @ApiResponse(responseCode = "200", description = "The group",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimGroup.class))))
	ResponseEntity<byte[]> get(@PathVariable String id, @RequestParam(required = false) String excludedAttributes)
			throws ScimException {
		return respond(HttpStatus.OK,
				this.groups.get(Caller.current().tenantId(), id, withMembers(excludedAttributes)));
	}

	@PostMapping
	@Operation(operationId = "scimCreateGroup", summary = "Create a group (SCIM)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimGroup.class))),
			responses = @ApiResponse(responseCode = "201", description = "The new group",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimGroup.class))))
	ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] body) throws ScimException {
		Caller caller = Caller.current();
		GroupResource created = this.groups.create(caller.tenantId(), caller.subject(),
				ScimJson.read(body, GroupResource.class));
		return ScimJson.respond(HttpStatus.CREATED, created, created.getMeta().getVersion(),
				created.getMeta().getLocation());
	}

	@PutMapping("/{id}")
	@Operation(operationId = "scimReplaceGroup", summary = "Replace a group (SCIM)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimGroup.class))),
			responses = @ApiResponse(responseCode = "200", description = "The group as stored",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimGroup.class))))
	ResponseEntity<byte[]> replace(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) throws ScimException {
		Caller caller = Caller.current();
		GroupResource resource = ScimJson.read(body, GroupResource.class);
		return respond(HttpStatus.OK, this.groups.replace(caller.tenantId(), caller.subject(), id, ifMatch, resource));
	}

	/**
	 * Applies the operations to the current group (with its members), then replaces it.
	 */
	@PatchMapping("/{id}")
	@Operation(operationId = "scimPatchGroup", summary = "Change a group with PATCH operations (SCIM)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimPatchRequest.class))),
			responses = @ApiResponse(responseCode = "200", description = "The group as stored",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimGroup.class))))
	ResponseEntity<byte[]> patch(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) throws ScimException {
		Caller caller = Caller.current();
		PatchRequest patch = ScimJson.read(body, PatchRequest.class);
		GroupResource current = this.groups.get(caller.tenantId(), id, true);
		int version = ScimResources.version(current.getMeta());
		ProvisioningUsers.scim(() -> {
			ProvisioningUsers.checkVersion(version, ifMatch);
			return null;
		});
		GenericScimResource generic = current.asGenericScimResource();
		patch.apply(generic);
		GroupResource patched;
		try {
			patched = JsonUtils.nodeToValue(generic.getObjectNode(), GroupResource.class);
		}
		catch (JsonProcessingException | IllegalArgumentException ex) {
			throw BadRequestException.invalidValue("The patched group is not valid: " + ex.getMessage());
		}
		return respond(HttpStatus.OK,
				this.groups.replace(caller.tenantId(), caller.subject(), id, ETags.of(version), patched));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "scimDeleteGroup", summary = "Delete a group (SCIM)")
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.current();
		this.groups.delete(caller.tenantId(), caller.subject(), id, ifMatch);
		return ResponseEntity.noContent().build();
	}

	private static boolean withMembers(String excludedAttributes) {
		if (excludedAttributes == null) {
			return true;
		}
		for (String attribute : excludedAttributes.split(",")) {
			if ("members".equalsIgnoreCase(attribute.strip())) {
				return false;
			}
		}
		return true;
	}

	private static ResponseEntity<byte[]> respond(HttpStatus status, GroupResource group) {
		return ScimJson.respond(status, group, group.getMeta().getVersion(), null);
	}

}
