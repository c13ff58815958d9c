package io.strata.identity.user;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.identity.support.Caller;
import io.strata.identity.support.ETags;
import io.strata.identity.support.Pages;
import io.strata.identity.support.SqlFilter;
import io.strata.identity.tenant.Grants;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.OrderBy;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant admin's view of the tenant's users; the tenant is the caller's. Another
 * tenant's user is simply not found.
 */
@RestController
class UserController {

	private static final OrderBy BY_ID = new OrderBy("id", false);

	private static final Map<String, SqlFilter.Field> FILTER_FIELDS = Map.of("id",
			SqlFilter.Field.of("id", SqlFilter.Type.STRING), "email",
			new SqlFilter.Field("email", SqlFilter.Type.STRING, true), "disabled",
			SqlFilter.Field.of("disabled", SqlFilter.Type.BOOLEAN), "roles",
			SqlFilter.Field.of("roles", SqlFilter.Type.STRING_ARRAY), "created_at",
			SqlFilter.Field.of("created_at", SqlFilter.Type.TIMESTAMP), "updated_at",
			SqlFilter.Field.of("updated_at", SqlFilter.Type.TIMESTAMP));

	private static final String FIRST_PARTY = "strata-first-party";

	private final ManagingUsers managing;

	private final Users users;

	private final TenantScope tenants;

	private final Grants grants;

	UserController(ManagingUsers managing, Users users, TenantScope tenants, Grants grants) {
		this.grants = grants;
		this.managing = managing;
		this.users = users;
		this.tenants = tenants;
	}

	record CreateUserRequest(String email, String password, List<String> roles) {

	}

	record UpdateUserRequest(List<String> roles, Boolean disabled, String password) {

	}

	record ChangePasswordRequest(String currentPassword, String newPassword) {

	}

	/**
	 * The signed-in user's own password. Only a first-party session (not a client's or an
	 * API key's token) may change it; every session of the user ends, this one included.
	 */
	@PostMapping("/v2/users/me/password")
	ResponseEntity<Void> changeOwnPassword(@RequestBody ChangePasswordRequest request) {
		Caller caller = Caller.current();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication.getPrincipal() instanceof Jwt jwt) || !FIRST_PARTY.equals(jwt.getClaimAsString("azp"))) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"Only a user's own sign-in session can change their password.");
		}
		this.managing.changeOwnPassword(caller.tenantId(), caller.subject(), request.currentPassword(),
				request.newPassword());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/v2/users")
	ResponseEntity<Map<String, Object>> create(@RequestBody CreateUserRequest request) {
		Caller caller = Caller.admin();
		this.grants.requireRoles(caller, request.roles());
		User user = this.managing.create(new ManagingUsers.CreateUser(caller.tenantId(), caller.subject(),
				request.email(), request.password(), request.roles()));
		return ResponseEntity.status(HttpStatus.CREATED).eTag(user.etag()).body(view(user));
	}

	@GetMapping("/v2/users/{id}")
	ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
		Caller caller = Caller.admin();
		User user = this.tenants.call(caller.tenantId(), (status) -> this.users.find(id))
			.orElseThrow(() -> ProblemException.notFound("User", id));
		return ResponseEntity.ok().eTag(user.etag()).body(view(user));
	}

	/**
	 * Users by id ({@code order_by} {@code id} or {@code id desc}), with an AIP-160
	 * {@code filter} such as {@code roles:admin AND disabled
	 * = false} or {@code email = "*@example.com"}.
	 */
	@GetMapping("/v2/users")
	Map<String, Object> list(@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken,
			@RequestParam(name = "filter", required = false) String filter,
			@RequestParam(name = "order_by", required = false) String orderBy) {
		Caller caller = Caller.admin();
		int size = Pages.size(pageSize);
		String after = Pages.after(pageToken);
		OrderBy order = OrderBy.parse(orderBy, BY_ID, Set.of("id"));
		SqlFilter.Condition condition = SqlFilter.translate(filter, FILTER_FIELDS);
		List<User> page = this.tenants.call(caller.tenantId(),
				(status) -> this.users.page(order, after, size + 1, condition));
		return Pages.page(page, size, User::id, UserController::view);
	}

	@PatchMapping("/v2/users/{id}")
	ResponseEntity<Map<String, Object>> update(@PathVariable String id, @RequestBody UpdateUserRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.admin();
		this.grants.requireRoles(caller, request.roles());
		User user = this.managing.update(new ManagingUsers.UpdateUser(caller.tenantId(), caller.subject(), id,
				ETags.version(ifMatch), request.roles(), request.disabled(), request.password()));
		return ResponseEntity.ok().eTag(user.etag()).body(view(user));
	}

	@DeleteMapping("/v2/users/{id}")
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.admin();
		this.managing.delete(caller.tenantId(), caller.subject(), id, ETags.version(ifMatch));
		return ResponseEntity.noContent().build();
	}

	static Map<String, Object> view(User user) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", user.id());
		view.put("tenant_id", user.tenantId());
		view.put("email", user.email());
		view.put("roles", user.roles());
		view.put("disabled", user.disabled());
		view.put("created_at", user.createdAt().toString());
		view.put("updated_at", user.updatedAt().toString());
		return view;
	}

}
