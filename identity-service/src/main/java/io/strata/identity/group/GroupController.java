package io.strata.identity.group;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.identity.support.SqlFilter;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.security.TenantAdmin;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.OrderBy;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant admin's groups; the tenant is the caller's, and another tenant's group is
 * simply not found.
 */
@RestController
@Tag(name = "groups")
class GroupController {

	private static final OrderBy BY_ID = new OrderBy("id", false);

	private static final Map<String, SqlFilter.Field> FILTER_FIELDS = Map.of("id",
			SqlFilter.Field.of("id", SqlFilter.Type.STRING), "name", SqlFilter.Field.of("name", SqlFilter.Type.STRING),
			"external_id", SqlFilter.Field.of("external_id", SqlFilter.Type.STRING), "created_at",
			SqlFilter.Field.of("created_at", SqlFilter.Type.TIMESTAMP), "updated_at",
			SqlFilter.Field.of("updated_at", SqlFilter.Type.TIMESTAMP));

	private final ManagingGroups managing;

	private final Groups groups;

	private final TenantScope tenants;

	GroupController(ManagingGroups managing, Groups groups, TenantScope tenants) {
		this.managing = managing;
		this.groups = groups;
		this.tenants = tenants;
	}

	@Schema(description = "A new group of the caller's tenant.")
	record CreateGroupRequest(@Schema(example = "Engineering") String name,
			@Schema(example = "Everyone who ships code") @Nullable String description) {

	}

	@Schema(description = "The fields to change; absent ones stay as they are.")
	record UpdateGroupRequest(@Schema(example = "Engineering") @Nullable String name,
			@Schema(example = "Everyone who ships code") @Nullable String description) {

	}

	@Schema(name = "Group", description = "A group of users of a tenant.")
	record GroupView(@Schema(example = "grp_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId,
			@Schema(example = "Engineering") String name,
			@Schema(example = "Everyone who ships code") @Nullable String description,
			@Schema(description = "The identity provider's id of a group provisioned through SCIM",
					example = "00g1abcd") @Nullable String externalId,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String updatedAt) {

		static GroupView of(Group group) {
			return new GroupView(group.id(), group.tenantId(), group.name(), group.description(), group.externalId(),
					group.createdAt().toString(), group.updatedAt().toString());
		}

	}

	@Schema(name = "GroupMember", description = "A user in a group.")
	record GroupMemberView(@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String userId,
			@Schema(example = "ada@acme.example") String email,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String addedAt) {

		static GroupMemberView of(GroupMember member) {
			return new GroupMemberView(member.userId(), member.email(), member.addedAt().toString());
		}

	}

	@PostMapping("/v2/groups")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createGroup", summary = "Create a group")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<GroupView> create(@RequestBody CreateGroupRequest request) {
		Caller caller = Caller.current();
		Group group = this.managing.create(new ManagingGroups.CreateGroup(caller.tenantId(), caller.subject(),
				request.name(), request.description(), null, null));
		return ResponseEntity.status(HttpStatus.CREATED).eTag(group.etag()).body(GroupView.of(group));
	}

	@GetMapping("/v2/groups/{id}")
	@Operation(operationId = "getGroup", summary = "Get a group")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<GroupView> get(@PathVariable String id) {
		Caller caller = Caller.current();
		Group group = this.tenants.call(caller.tenantId(), (status) -> this.groups.find(id))
			.orElseThrow(() -> ProblemException.notFound("Group", id));
		return ResponseEntity.ok().eTag(group.etag()).body(GroupView.of(group));
	}

	/**
	 * Groups by id ({@code order_by} {@code id} or {@code id desc}), with an AIP-160
	 * {@code filter} such as {@code name = "Eng*"} or
	 * {@code created_at > "2026-01-01T00:00:00Z"}.
	 */
	@GetMapping("/v2/groups")
	@Operation(operationId = "listGroups", summary = "List the tenant's groups")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	Page<GroupView> list(PageRequest page, @RequestParam(name = "filter", required = false) String filter,
			@RequestParam(name = "order_by", required = false) String orderBy) {
		Caller caller = Caller.current();
		OrderBy order = OrderBy.parse(orderBy, BY_ID, Set.of("id"));
		SqlFilter.Condition condition = SqlFilter.translate(filter, FILTER_FIELDS);
		List<Group> rows = this.tenants.call(caller.tenantId(),
				(status) -> this.groups.page(order, page.after(), page.limit(), condition));
		return page.page(rows, Group::id).map(GroupView::of);
	}

	@PatchMapping("/v2/groups/{id}")
	@Operation(operationId = "updateGroup", summary = "Change a group's name or description")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<GroupView> update(@PathVariable String id, @RequestBody UpdateGroupRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.current();
		Group group = this.managing.update(new ManagingGroups.UpdateGroup(caller.tenantId(), caller.subject(), id,
				ifMatch, request.name(), request.description(), null, null));
		return ResponseEntity.ok().eTag(group.etag()).body(GroupView.of(group));
	}

	@DeleteMapping("/v2/groups/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteGroup", summary = "Delete a group")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.current();
		this.managing.delete(caller.tenantId(), caller.subject(), id, ifMatch);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/v2/groups/{id}/members")
	@Operation(operationId = "listGroupMembers", summary = "List a group's members")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	Page<GroupMemberView> members(@PathVariable String id, PageRequest page) {
		Caller caller = Caller.current();
		List<GroupMember> rows = this.tenants.call(caller.tenantId(), (status) -> {
			this.groups.find(id).orElseThrow(() -> ProblemException.notFound("Group", id));
			return this.groups.members(id, page.after(), page.limit());
		});
		return page.page(rows, GroupMember::userId).map(GroupMemberView::of);
	}

	@PutMapping("/v2/groups/{id}/members/{userId}")
	@Operation(operationId = "addGroupMember", summary = "Add a user to a group")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<GroupView> addMember(@PathVariable String id, @PathVariable String userId) {
		Caller caller = Caller.current();
		Group group = this.managing.addMember(caller.tenantId(), caller.subject(), id, userId);
		return ResponseEntity.ok().eTag(group.etag()).body(GroupView.of(group));
	}

	@DeleteMapping("/v2/groups/{id}/members/{userId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "removeGroupMember", summary = "Remove a user from a group")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<Void> removeMember(@PathVariable String id, @PathVariable String userId) {
		Caller caller = Caller.current();
		this.managing.removeMember(caller.tenantId(), caller.subject(), id, userId);
		return ResponseEntity.noContent().build();
	}

}
