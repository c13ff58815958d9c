package io.strata.identity.user;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.identity.role.Grants;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant admin's view of the tenant's users; the tenant is the caller's. Another
 * tenant's user is simply not found.
 */
@RestController
@Tag(name = "users")
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

	@Schema(description = "A new user of the caller's tenant.")
	record CreateUserRequest(@Schema(example = "ada@acme.example") String email,
			@Schema(example = "correct horse battery") String password,
			@Schema(example = "[\"member\"]") @Nullable List<String> roles) {

	}

	@Schema(description = "The fields to change; absent ones stay as they are.")
	record UpdateUserRequest(@Schema(example = "[\"admin\"]") @Nullable List<String> roles,
			@Schema(example = "false") @Nullable Boolean disabled, @Nullable String password) {

	}

	@Schema(description = "The user's current password and the new one.")
	record ChangePasswordRequest(String currentPassword, String newPassword) {

	}

	@Schema(name = "User", description = "A user of a tenant.")
	record UserView(@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId,
			@Schema(example = "ada@acme.example") String email, @Schema(example = "[\"admin\"]") List<String> roles,
			@Schema(example = "false") boolean disabled,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String updatedAt) {

		static UserView of(User user) {
			return new UserView(user.id(), user.tenantId(), user.email(), user.roles(), user.disabled(),
					user.createdAt().toString(), user.updatedAt().toString());
		}

	}

	/**
	 * The signed-in user's own password. Only a first-party session (not a client's or an
	 * API key's token) may change it; every session of the user ends, this one included.
	 */
	@PostMapping("/v2/users/me/password")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "changeOwnPassword", summary = "Change the signed-in user's own password")
	ResponseEntity<Void> changeOwnPassword(@RequestBody ChangePasswordRequest request) {
		Caller caller = Caller.current();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication.getPrincipal() instanceof Jwt jwt) || !FIRST_PARTY.equals(jwt.getClaimAsString("azp"))) {
			throw ProblemException.forbidden("Only a user's own sign-in session can change their password.");
		}
		this.managing.changeOwnPassword(caller.tenantId(), caller.subject(), request.currentPassword(),
				request.newPassword());
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/v2/users")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createUser", summary = "Create a user")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<UserView> create(@RequestBody CreateUserRequest request) {
		Caller caller = Caller.current();
		this.grants.requireRoles(caller, request.roles());
		User user = this.managing.create(new ManagingUsers.CreateUser(caller.tenantId(), caller.subject(),
				request.email(), request.password(), request.roles()));
		return ResponseEntity.status(HttpStatus.CREATED).eTag(user.etag()).body(UserView.of(user));
	}

	@GetMapping("/v2/users/{id}")
	@Operation(operationId = "getUser", summary = "Get a user")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<UserView> get(@PathVariable String id) {
		Caller caller = Caller.current();
		User user = this.tenants.call(caller.tenantId(), (status) -> this.users.find(id))
			.orElseThrow(() -> ProblemException.notFound("User", id));
		return ResponseEntity.ok().eTag(user.etag()).body(UserView.of(user));
	}

	/**
	 * Users by id ({@code order_by} {@code id} or {@code id desc}), with an AIP-160
	 * {@code filter} such as {@code roles:admin AND disabled
	 * = false} or {@code email = "*@example.com"}.
	 */
	@GetMapping("/v2/users")
	@Operation(operationId = "listUsers", summary = "List the tenant's users")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	Page<UserView> list(PageRequest page, @RequestParam(name = "filter", required = false) String filter,
			@RequestParam(name = "order_by", required = false) String orderBy) {
		Caller caller = Caller.current();
		OrderBy order = OrderBy.parse(orderBy, BY_ID, Set.of("id"));
		SqlFilter.Condition condition = SqlFilter.translate(filter, FILTER_FIELDS);
		List<User> rows = this.tenants.call(caller.tenantId(),
				(status) -> this.users.page(order, page.after(), page.limit(), condition));
		return page.page(rows, User::id).map(UserView::of);
	}

	@PatchMapping("/v2/users/{id}")
	@Operation(operationId = "updateUser", summary = "Change a user's roles, password or disabled flag")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<UserView> update(@PathVariable String id, @RequestBody UpdateUserRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.current();
		this.grants.requireRoles(caller, request.roles());
		User user = this.managing.update(new ManagingUsers.UpdateUser(caller.tenantId(), caller.subject(), id, ifMatch,
				request.roles(), request.disabled(), request.password()));
		return ResponseEntity.ok().eTag(user.etag()).body(UserView.of(user));
	}

	@DeleteMapping("/v2/users/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteUser", summary = "Delete a user")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.current();
		this.managing.delete(caller.tenantId(), caller.subject(), id, ifMatch);
		return ResponseEntity.noContent().build();
	}

}
