package io.strata.identity.group;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.identity.support.Caller;
import io.strata.identity.support.ETags;
import io.strata.identity.support.Pages;
import io.strata.identity.support.SqlFilter;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.OrderBy;

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
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant admin's groups; the tenant is the caller's, and another tenant's group is
 * simply not found.
 */
@RestController
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

	record CreateGroupRequest(String name, String description) {

	}

	record UpdateGroupRequest(String name, String description) {

	}

	@PostMapping("/v2/groups")
	ResponseEntity<Map<String, Object>> create(@RequestBody CreateGroupRequest request) {
		Caller caller = Caller.admin();
		Group group = this.managing.create(new ManagingGroups.CreateGroup(caller.tenantId(), caller.subject(),
				request.name(), request.description(), null, null));
		return ResponseEntity.status(HttpStatus.CREATED).eTag(group.etag()).body(view(group));
	}

	@GetMapping("/v2/groups/{id}")
	ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
		Caller caller = Caller.admin();
		Group group = this.tenants.call(caller.tenantId(), (status) -> this.groups.find(id))
			.orElseThrow(() -> ProblemException.notFound("Group", id));
		return ResponseEntity.ok().eTag(group.etag()).body(view(group));
	}

	/**
	 * Groups by id ({@code order_by} {@code id} or {@code id desc}), with an AIP-160
	 * {@code filter} such as {@code name = "Eng*"} or
	 * {@code created_at > "2026-01-01T00:00:00Z"}.
	 */
	@GetMapping("/v2/groups")
	Map<String, Object> list(@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken,
			@RequestParam(name = "filter", required = false) String filter,
			@RequestParam(name = "order_by", required = false) String orderBy) {
		Caller caller = Caller.admin();
		int size = Pages.size(pageSize);
		String after = Pages.after(pageToken);
		OrderBy order = OrderBy.parse(orderBy, BY_ID, Set.of("id"));
		SqlFilter.Condition condition = SqlFilter.translate(filter, FILTER_FIELDS);
		List<Group> page = this.tenants.call(caller.tenantId(),
				(status) -> this.groups.page(order, after, size + 1, condition));
		return Pages.page(page, size, Group::id, GroupController::view);
	}

	@PatchMapping("/v2/groups/{id}")
	ResponseEntity<Map<String, Object>> update(@PathVariable String id, @RequestBody UpdateGroupRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.admin();
		Group group = this.managing.update(new ManagingGroups.UpdateGroup(caller.tenantId(), caller.subject(), id,
				ETags.version(ifMatch), request.name(), request.description(), null, null));
		return ResponseEntity.ok().eTag(group.etag()).body(view(group));
	}

	@DeleteMapping("/v2/groups/{id}")
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.admin();
		this.managing.delete(caller.tenantId(), caller.subject(), id, ETags.version(ifMatch));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/v2/groups/{id}/members")
	Map<String, Object> members(@PathVariable String id,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		Caller caller = Caller.admin();
		int size = Pages.size(pageSize);
		String after = Pages.after(pageToken);
		List<GroupMember> page = this.tenants.call(caller.tenantId(), (status) -> {
			this.groups.find(id).orElseThrow(() -> ProblemException.notFound("Group", id));
			return this.groups.members(id, after, size + 1);
		});
		return Pages.page(page, size, GroupMember::userId, GroupController::view);
	}

	@PutMapping("/v2/groups/{id}/members/{userId}")
	ResponseEntity<Map<String, Object>> addMember(@PathVariable String id, @PathVariable String userId) {
		Caller caller = Caller.admin();
		Group group = this.managing.addMember(caller.tenantId(), caller.subject(), id, userId);
		return ResponseEntity.ok().eTag(group.etag()).body(view(group));
	}

	@DeleteMapping("/v2/groups/{id}/members/{userId}")
	ResponseEntity<Void> removeMember(@PathVariable String id, @PathVariable String userId) {
		Caller caller = Caller.admin();
		this.managing.removeMember(caller.tenantId(), caller.subject(), id, userId);
		return ResponseEntity.noContent().build();
	}

	static Map<String, Object> view(Group group) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", group.id());
		view.put("tenant_id", group.tenantId());
		view.put("name", group.name());
		view.put("description", group.description());
		view.put("external_id", group.externalId());
		view.put("created_at", group.createdAt().toString());
		view.put("updated_at", group.updatedAt().toString());
		return view;
	}

	static Map<String, Object> view(GroupMember member) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("user_id", member.userId());
		view.put("email", member.email());
		view.put("added_at", member.addedAt().toString());
		return view;
	}

}
