package io.strata.identity.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;

import io.strata.identity.user.EmailAddresses;
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

/** SCIM 2.0 Users (RFC 7644 section 3) of the SCIM token's tenant. */
@RestController
@Tag(name = "scim-users")
@RequestMapping("/scim/v2/Users")
class ScimUserController {

	private final ProvisioningUsers users;

	ScimUserController(ProvisioningUsers users) {
		this.users = users;
	}

	@GetMapping
	@Operation(operationId = "scimListUsers", summary = "List users (SCIM)",
			responses = @ApiResponse(responseCode = "200", description = "A page of users",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimListResponse.class))))
	ResponseEntity<byte[]> list(@RequestParam(required = false) String filter,
			@RequestParam(required = false) Integer startIndex, @RequestParam(required = false) Integer count)
			throws ScimException {
		Caller caller = Caller.current();
		ScimQuery query = ScimQuery.of(filter, startIndex, count).normalizing("userName", EmailAddresses::lookupKey);
		ListResponse<UserResource> page = query
			.apply(this.users.candidates(caller.tenantId(), query).stream().map(ScimResources::user).toList());
		return ScimJson.respond(HttpStatus.OK, page, null, null);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "scimGetUser", summary = "Get a user (SCIM)",
			responses = @ApiResponse(responseCode = "200", description = "The user",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimUser.class))))
	ResponseEntity<byte[]> get(@PathVariable String id) throws ScimException {
		return respond(HttpStatus.OK, this.users.get(Caller.current().tenantId(), id));
	}

	@PostMapping
	@Operation(operationId = "scimCreateUser", summary = "Create a user (SCIM)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimUser.class))),
			responses = @ApiResponse(responseCode = "201", description = "The new user",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimUser.class))))
	ResponseEntity<byte[]> create(@RequestBody(required = false) byte[] body) throws ScimException {
		Caller caller = Caller.current();
		UserResource resource = ScimJson.read(body, UserResource.class);
		ScimUserRecord created = this.users.create(caller.tenantId(), caller.subject(), resource);
		UserResource view = ScimResources.user(created);
		return ScimJson.respond(HttpStatus.CREATED, view, view.getMeta().getVersion(), view.getMeta().getLocation());
	}

	@PutMapping("/{id}")
	@Operation(operationId = "scimReplaceUser", summary = "Replace a user (SCIM)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimUser.class))),
			responses = @ApiResponse(responseCode = "200", description = "The user as stored",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimUser.class))))
	ResponseEntity<byte[]> replace(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) throws ScimException {
		Caller caller = Caller.current();
		UserResource resource = ScimJson.read(body, UserResource.class);
		return respond(HttpStatus.OK, this.users.replace(caller.tenantId(), caller.subject(), id, ifMatch, resource));
	}

	/**
	 * Applies the operations (the SDK's PatchRequest) to the current representation, then
	 * stores the result as a replacement.
	 */
	@PatchMapping("/{id}")
	@Operation(operationId = "scimPatchUser", summary = "Change a user with PATCH operations (SCIM)",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimPatchRequest.class))),
			responses = @ApiResponse(responseCode = "200", description = "The user as stored",
					content = @Content(mediaType = ScimDocuments.MEDIA_TYPE,
							schema = @Schema(implementation = ScimDocuments.ScimUser.class))))
	ResponseEntity<byte[]> patch(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) throws ScimException {
		Caller caller = Caller.current();
		PatchRequest patch = ScimJson.read(body, PatchRequest.class);
		ScimUserRecord current = this.users.get(caller.tenantId(), id);
		ProvisioningUsers.scim(() -> {
			ProvisioningUsers.checkVersion(current.user().version(), ifMatch);
			return null;
		});
		GenericScimResource generic = ScimResources.user(current).asGenericScimResource();
		patch.apply(generic);
		UserResource patched;
		try {
			patched = JsonUtils.nodeToValue(generic.getObjectNode(), UserResource.class);
		}
		catch (JsonProcessingException | IllegalArgumentException ex) {
			throw BadRequestException.invalidValue("The patched user is not valid: " + ex.getMessage());
		}
		return respond(HttpStatus.OK, this.users.replace(caller.tenantId(), caller.subject(), id,
				ETags.of(current.user().version()), patched));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "scimDeleteUser", summary = "Delete a user (SCIM)")
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) throws ScimException {
		Caller caller = Caller.current();
		this.users.delete(caller.tenantId(), caller.subject(), id, ifMatch);
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<byte[]> respond(HttpStatus status, ScimUserRecord record) {
		UserResource view = ScimResources.user(record);
		return ScimJson.respond(status, view, view.getMeta().getVersion(), null);
	}

}
