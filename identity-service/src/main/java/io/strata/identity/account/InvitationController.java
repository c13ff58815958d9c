package io.strata.identity.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.strata.identity.support.Caller;
import io.strata.identity.support.Pages;
import io.strata.identity.tenant.Grants;
import io.strata.identity.user.User;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invitations: tenant admins create, list and revoke them; {@code accept} is public (the
 * token is the credential).
 */
@RestController
class InvitationController {

	private final InvitingUsers inviting;

	private final AcceptingInvitations accepting;

	private final Grants grants;

	InvitationController(InvitingUsers inviting, AcceptingInvitations accepting, Grants grants) {
		this.grants = grants;
		this.inviting = inviting;
		this.accepting = accepting;
	}

	record InviteRequest(String email, List<String> roles) {

	}

	record AcceptRequest(String token, String password) {

	}

	/** The invitation with its {@code token}, shown only in this answer. */
	@PostMapping("/v2/invitations")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> invite(@RequestBody InviteRequest request) {
		Caller caller = Caller.admin();
		this.grants.requireRoles(caller, request.roles());
		InvitingUsers.Invited invited = this.inviting
			.invite(new InvitingUsers.Invite(caller.tenantId(), caller.subject(), request.email(), request.roles()));
		Map<String, Object> view = view(invited.invitation());
		view.put("token", invited.token());
		return view;
	}

	/** Open invitations: not accepted, revoked or expired. */
	@GetMapping("/v2/invitations")
	Map<String, Object> list(@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		Caller caller = Caller.admin();
		int size = Pages.size(pageSize);
		List<Invitation> page = this.inviting.pending(caller.tenantId(), Pages.after(pageToken), size + 1);
		return Pages.page(page, size, Invitation::id, InvitationController::view);
	}

	@DeleteMapping("/v2/invitations/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(@PathVariable String id) {
		Caller caller = Caller.admin();
		this.inviting.revoke(caller.tenantId(), caller.subject(), id);
	}

	/** Public. Creates the user (201); sign in afterwards with {@code /v2/auth/login}. */
	@PostMapping("/v2/invitations/accept")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> accept(@RequestBody AcceptRequest request) {
		User user = this.accepting.accept(request.token(), request.password());
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", user.id());
		view.put("tenant_id", user.tenantId());
		view.put("email", user.email());
		view.put("roles", user.roles());
		return view;
	}

	private static Map<String, Object> view(Invitation invitation) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", invitation.id());
		view.put("email", invitation.email());
		view.put("roles", invitation.roles());
		view.put("invited_by", invitation.invitedBy());
		view.put("created_at", invitation.createdAt().toString());
		view.put("expires_at", invitation.expiresAt().toString());
		return view;
	}

}
