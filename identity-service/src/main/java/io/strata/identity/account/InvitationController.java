package io.strata.identity.account;

import java.util.List;

import io.strata.identity.role.Grants;
import io.strata.identity.user.User;
import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.security.TenantAdmin;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invitations: tenant admins create, list and revoke them; {@code accept} is public (the
 * token is the credential).
 */
@RestController
@Tag(name = "invitations")
class InvitationController {

	private final InvitingUsers inviting;

	private final AcceptingInvitations accepting;

	private final Grants grants;

	InvitationController(InvitingUsers inviting, AcceptingInvitations accepting, Grants grants) {
		this.grants = grants;
		this.inviting = inviting;
		this.accepting = accepting;
	}

	@Schema(description = "Who to invite and the roles they get.")
	record InviteRequest(@Schema(example = "grace@acme.example") String email,
			@Schema(example = "[\"member\"]") @Nullable List<String> roles) {

	}

	@Schema(description = "The invitation token and the new user's password.")
	record AcceptRequest(@Schema(example = "inv_tok_3q2+7w...") String token,
			@Schema(example = "correct horse battery staple") String password) {

	}

	@Schema(name = "Invitation", description = "An open invitation to join the tenant.")
	record InvitationView(@Schema(example = "inv_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "grace@acme.example") String email, @Schema(example = "[\"member\"]") List<String> roles,
			@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String invitedBy,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2026-01-22T09:30:00Z") String expiresAt) {

		static InvitationView of(Invitation invitation) {
			return new InvitationView(invitation.id(), invitation.email(), invitation.roles(), invitation.invitedBy(),
					invitation.createdAt().toString(), invitation.expiresAt().toString());
		}

	}

	@Schema(name = "CreatedInvitation", description = "A new invitation with its token, shown only in this answer.")
	record CreatedInvitationView(@Schema(example = "inv_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "grace@acme.example") String email, @Schema(example = "[\"member\"]") List<String> roles,
			@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String invitedBy,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2026-01-22T09:30:00Z") String expiresAt,
			@Schema(example = "inv_tok_3q2+7w...") String token) {

	}

	@Schema(name = "InvitedUser", description = "The user an accepted invitation created.")
	record InvitedUserView(@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2D") String id,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId,
			@Schema(example = "grace@acme.example") String email,
			@Schema(example = "[\"member\"]") List<String> roles) {

	}

	/** The invitation with its {@code token}, shown only in this answer. */
	@PostMapping("/v2/invitations")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createInvitation", summary = "Invite someone to the tenant")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	CreatedInvitationView invite(@RequestBody InviteRequest request) {
		Caller caller = Caller.current();
		this.grants.requireRoles(caller, request.roles());
		InvitingUsers.Invited invited = this.inviting
			.invite(new InvitingUsers.Invite(caller.tenantId(), caller.subject(), request.email(), request.roles()));
		InvitationView view = InvitationView.of(invited.invitation());
		return new CreatedInvitationView(view.id(), view.email(), view.roles(), view.invitedBy(), view.createdAt(),
				view.expiresAt(), invited.token());
	}

	/** Open invitations: not accepted, revoked or expired. */
	@GetMapping("/v2/invitations")
	@Operation(operationId = "listInvitations", summary = "List the tenant's open invitations")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	Page<InvitationView> list(PageRequest page) {
		Caller caller = Caller.current();
		List<Invitation> rows = this.inviting.pending(caller.tenantId(), page.after(), page.limit());
		return page.page(rows, Invitation::id).map(InvitationView::of);
	}

	@DeleteMapping("/v2/invitations/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "revokeInvitation", summary = "Revoke an invitation")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	void revoke(@PathVariable String id) {
		Caller caller = Caller.current();
		this.inviting.revoke(caller.tenantId(), caller.subject(), id);
	}

	/** Public. Creates the user (201); sign in afterwards with {@code /v2/auth/login}. */
	@PostMapping("/v2/invitations/accept")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "acceptInvitation", summary = "Accept an invitation, creating the user")
	InvitedUserView accept(@RequestBody AcceptRequest request) {
		User user = this.accepting.accept(request.token(), request.password());
		return new InvitedUserView(user.id(), user.tenantId(), user.email(), user.roles());
	}

}
