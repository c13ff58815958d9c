package io.strata.identity.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;

import io.strata.identity.group.Groups;
import io.strata.identity.group.Membership;
import io.strata.identity.role.Roles;
import io.strata.identity.user.EmailAddresses;
import io.strata.identity.user.ManagingUsers;
import io.strata.identity.user.User;
import io.strata.identity.user.Users;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.ETags;
import io.strata.platform.web.Ids;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * What an identity provider does to users over SCIM: create, replace (PUT and, after the
 * patch is applied, PATCH), delete and read. Changes go through {@link ManagingUsers}, so
 * they are audited and published like any other user change, in one tenant-scoped
 * transaction with the SCIM-only attributes. {@code userName} is the user's email;
 * {@code active: false} disables the user (how Okta and Entra ID deprovision).
 */
@Component
class ProvisioningUsers {

	/** The role SCIM-provisioned users get, if the tenant has it. */
	static final String DEFAULT_ROLE = "member";

	private static final RowMapper<ScimUserRecord> ROWS = (rs, row) -> new ScimUserRecord(
			new User(rs.getString("id"), rs.getString("tenant_id"), rs.getString("email"),
					Users.strings(rs.getArray("roles")), rs.getBoolean("disabled"), rs.getInt("version"),
					rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()),
			rs.getString("external_id"), rs.getString("display_name"), rs.getString("given_name"),
			rs.getString("family_name"), rs.getString("formatted"), List.of());

	private static final String SELECT = """
			SELECT u.id, u.tenant_id, u.email, u.roles, u.disabled, u.version, u.created_at, u.updated_at,
			       s.external_id, s.display_name, s.given_name, s.family_name, s.formatted
			FROM users u LEFT JOIN scim_users s ON s.user_id = u.id
			""";

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	private final ManagingUsers managing;

	private final Groups groups;

	ProvisioningUsers(TenantScope tenants, JdbcTemplate jdbc, ManagingUsers managing, Groups groups) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.managing = managing;
		this.groups = groups;
	}

	ScimUserRecord get(String tenantId, String id) throws ScimException {
		return this.tenants.call(tenantId, (status) -> find(id)).orElseThrow(() -> notFound(id));
	}

	/**
	 * The candidates for a query: the one user with the email when the filter is
	 * {@code userName eq "..."}, otherwise every user of the tenant (up to one more than
	 * {@link ScimQuery#MAX_SCAN}, so the query can refuse).
	 */
	List<ScimUserRecord> candidates(String tenantId, ScimQuery query) {
		String userName = query.equalityOn("userName");
		return this.tenants.call(tenantId, (status) -> {
			List<ScimUserRecord> users = (userName != null)
					? this.jdbc.query(SELECT + " WHERE u.email = ?", ROWS, EmailAddresses.lookupKey(userName))
					: this.jdbc.query(SELECT + " ORDER BY u.created_at, u.id LIMIT ?", ROWS, ScimQuery.MAX_SCAN + 1);
			return withGroups(users);
		});
	}

	ScimUserRecord create(String tenantId, String actor, UserResource resource) throws ScimException {
		String email = requireUserName(resource);
		// a user the provider creates without a password gets one nobody knows: they
		// cannot sign in with a password until they set one (invitation or reset)
		String password = (resource.getPassword() != null) ? resource.getPassword() : Ids.randomToken(32);
		return scim(() -> this.tenants.call(tenantId, (status) -> {
			if (this.jdbc.queryForObject("SELECT count(*) FROM users WHERE email = ?", Integer.class,
					EmailAddresses.lookupKey(email)) > 0) {
				throw new ScimRuntime(ResourceConflictException
					.uniqueness("A user with userName " + email + " already exists in the tenant"));
			}
			List<String> roles = List.copyOf(Roles.existing(this.jdbc, List.of(DEFAULT_ROLE)));
			User user = this.managing.create(new ManagingUsers.CreateUser(tenantId, actor, email, password, roles));
			if (Boolean.FALSE.equals(resource.getActive())) {
				this.managing.update(new ManagingUsers.UpdateUser(tenantId, actor, user.id(), ETags.of(user.version()),
						null, true, null));
			}
			saveAttributes(tenantId, user.id(), resource);
			return find(user.id()).orElseThrow();
		}));
	}

	/**
	 * Replaces the user with the resource; {@code active} and {@code password} change
	 * only when given.
	 */
	ScimUserRecord replace(String tenantId, String actor, String id, String ifMatch, UserResource resource)
			throws ScimException {
		String email = requireUserName(resource);
		return scim(() -> this.tenants.call(tenantId, (status) -> {
			ScimUserRecord current = find(id).orElseThrow(() -> new ScimRuntime(notFound(id)));
			checkVersion(current.user().version(), ifMatch);
			if (!current.user().email().equals(EmailAddresses.lookupKey(email))) {
				throw new ScimRuntime(BadRequestException
					.mutability("userName (the user's email) cannot change; create a new user for the new address"));
			}
			Boolean disabled = (resource.getActive() != null) ? !resource.getActive() : null;
			saveAttributes(tenantId, id, resource);
			// moves the version even when only SCIM attributes changed, so the ETag does
			this.managing.update(new ManagingUsers.UpdateUser(tenantId, actor, id, ETags.of(current.user().version()),
					null, disabled, resource.getPassword()));
			return find(id).orElseThrow();
		}));
	}

	void delete(String tenantId, String actor, String id, String ifMatch) throws ScimException {
		scim(() -> {
			this.tenants.run(tenantId, (status) -> {
				ScimUserRecord current = find(id).orElseThrow(() -> new ScimRuntime(notFound(id)));
				checkVersion(current.user().version(), ifMatch);
				this.managing.delete(tenantId, actor, id, ETags.of(current.user().version()));
			});
			return null;
		});
	}

	private Optional<ScimUserRecord> find(String id) {
		return withGroups(this.jdbc.query(SELECT + " WHERE u.id = ?", ROWS, id)).stream().findFirst();
	}

	private List<ScimUserRecord> withGroups(List<ScimUserRecord> users) {
		if (users.isEmpty()) {
			return users;
		}
		Map<String, List<Membership>> memberships = this.groups
			.membershipsOf(users.stream().map((user) -> user.user().id()).toList())
			.stream()
			.collect(Collectors.groupingBy(Membership::userId));
		List<ScimUserRecord> result = new ArrayList<>(users.size());
		for (ScimUserRecord user : users) {
			result.add(new ScimUserRecord(user.user(), user.externalId(), user.displayName(), user.givenName(),
					user.familyName(), user.formatted(), memberships.getOrDefault(user.user().id(), List.of())));
		}
		return result;
	}

	private void saveAttributes(String tenantId, String userId, UserResource resource) {
		Name name = (resource.getName() != null) ? resource.getName() : new Name();
		this.jdbc.update(
				"""
						INSERT INTO scim_users (user_id, tenant_id, external_id, display_name, given_name, family_name, formatted)
						VALUES (?, ?, ?, ?, ?, ?, ?)
						ON CONFLICT (user_id) DO UPDATE SET external_id = excluded.external_id,
						    display_name = excluded.display_name, given_name = excluded.given_name,
						    family_name = excluded.family_name, formatted = excluded.formatted""",
				userId, tenantId, limit(resource.getExternalId()), limit(resource.getDisplayName()),
				limit(name.getGivenName()), limit(name.getFamilyName()), limit(name.getFormatted()));
	}

	private static String limit(String value) {
		return (value != null && value.length() > 1000) ? value.substring(0, 1000) : value;
	}

	private static String requireUserName(UserResource resource) throws BadRequestException {
		if (resource.getUserName() == null || resource.getUserName().isBlank()) {
			throw BadRequestException.invalidValue("userName (the user's email address) is required");
		}
		return resource.getUserName().strip();
	}

	/** A SCIM 412 unless {@code ifMatch} matches the version ({@link ETags}). */
	static void checkVersion(int current, String ifMatch) {
		if (!ETags.matches(ifMatch, current)) {
			throw new ScimRuntime(new PreconditionFailedException(
					"The resource changed since you read it (ETag " + ScimResources.etag(current) + ")"));
		}
	}

	static ResourceNotFoundException notFound(String id) {
		return new ResourceNotFoundException("Resource " + id + " not found");
	}

	/** Runs work that may throw a SCIM exception from inside a transaction callback. */
	static <T> T scim(java.util.function.Supplier<T> work) throws ScimException {
		try {
			return work.get();
		}
		catch (ScimRuntime ex) {
			throw ex.scim();
		}
	}

	/**
	 * Carries a checked SCIM exception out of a transaction callback (and rolls it back).
	 */
	static final class ScimRuntime extends RuntimeException {

		private final ScimException scim;

		ScimRuntime(ScimException scim) {
			super(scim.getMessage(), scim, false, false);
			this.scim = scim;
		}

		ScimException scim() {
			return this.scim;
		}

	}

}
