package io.strata.identity.apikey;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.strata.identity.tenant.Tenants;
import io.strata.identity.token.AccessTokens;
import io.strata.identity.user.Users;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;
import io.strata.proto.identity.v1.GetTenantStatusRequest;
import io.strata.proto.identity.v1.GetTenantStatusResponse;
import io.strata.proto.identity.v1.GetUserRequest;
import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.identity.v1.ResolveApiKeyRequest;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;
import io.strata.proto.identity.v1.TenantStatus;
import io.strata.proto.identity.v1.User;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;

/**
 * Identity over gRPC, for the gateway and other services. Callers authenticate with a JWT
 * like any other call (the platform's gRPC interceptor).
 */
@Service
class IdentityGrpcService extends IdentityServiceGrpc.IdentityServiceImplBase {

	/** The {@code azp} of tokens minted for an API key, followed by the key's id. */
	static final String API_KEY_PARTY = "api-key:";

	private final ApiKeys keys;

	private final Users users;

	private final TenantScope tenants;

	private final AccessTokens accessTokens;

	private final Tenants tenantRecords;

	IdentityGrpcService(ApiKeys keys, Users users, TenantScope tenants, AccessTokens accessTokens,
			Tenants tenantRecords) {
		this.tenantRecords = tenantRecords;
		this.keys = keys;
		this.users = users;
		this.tenants = tenants;
		this.accessTokens = accessTokens;
	}

	@Override
	public void resolveApiKey(ResolveApiKeyRequest request, StreamObserver<ResolveApiKeyResponse> responses) {
		ApiKey key = this.keys.resolve(request.getApiKey()).orElse(null);
		if (key == null) {
			responses.onError(Status.NOT_FOUND.withDescription("unknown, expired or revoked API key").asException());
			return;
		}
		if (status(key.tenantId()) != TenantStatus.TENANT_STATUS_ACTIVE) {
			responses
				.onError(Status.PERMISSION_DENIED.withDescription("tenant-suspended: the key's tenant is suspended")
					.asException());
			return;
		}
		ResolveApiKeyResponse.Builder response = ResolveApiKeyResponse.newBuilder()
			.setTenantId(key.tenantId())
			.setKeyId(key.id())
			.setSubject(key.subject())
			.addAllScopes(key.scopes());
		if (key.expiresAt() != null) {
			response.setExpiresAt(timestamp(key.expiresAt()));
		}
		// services behind the gateway accept only JWTs: a short-lived token standing for
		// the key (its owner, tenant and scopes; no roles, a key is not a user session),
		// signed like every other access token
		Jwt token = this.accessTokens.issue(key.subject(), key.tenantId(), key.scopes(), List.of(),
				API_KEY_PARTY + key.id());
		response.setAccessToken(token.getTokenValue()).setAccessTokenExpiresAt(timestamp(token.getExpiresAt()));
		responses.onNext(response.build());
		responses.onCompleted();
	}

	/** A user of the caller's own tenant; another tenant's user is not found. */
	@Override
	public void getUser(GetUserRequest request, StreamObserver<User> responses) {
		String tenantId = TenantContext.currentTenant().orElse(null);
		io.strata.identity.user.User user = (tenantId != null && tenantId.equals(request.getTenantId()))
				? this.tenants.call(tenantId, (status) -> this.users.find(request.getUserId())).orElse(null) : null;
		if (user == null) {
			responses.onError(Status.NOT_FOUND.withDescription("no such user").asException());
			return;
		}
		responses.onNext(User.newBuilder()
			.setId(user.id())
			.setTenantId(user.tenantId())
			.setEmail(user.email())
			.addAllRoles(user.roles())
			.setDisabled(user.disabled())
			.setCreatedAt(timestamp(user.createdAt()))
			.build());
		responses.onCompleted();
	}

	/**
	 * Public like {@link #resolveApiKey} (see application.yml): the gateway asks for the
	 * tenant of every caller, including API-key callers it has no token for yet. It tells
	 * only whether an opaque, unguessable tenant id is served.
	 */
	@Override
	public void getTenantStatus(GetTenantStatusRequest request, StreamObserver<GetTenantStatusResponse> responses) {
		TenantStatus status = request.getTenantId().isBlank() ? null : status(request.getTenantId());
		if (status == null) {
			responses.onError(Status.NOT_FOUND.withDescription("no such tenant").asException());
			return;
		}
		responses
			.onNext(GetTenantStatusResponse.newBuilder().setTenantId(request.getTenantId()).setStatus(status).build());
		responses.onCompleted();
	}

	/** The tenant's status on the wire; null for an unknown tenant. */
	private TenantStatus status(String tenantId) {
		return this.tenantRecords.status(tenantId).map((status) -> switch (status) {
			case ACTIVE -> TenantStatus.TENANT_STATUS_ACTIVE;
			case SUSPENDED -> TenantStatus.TENANT_STATUS_SUSPENDED;
			case DELETED -> TenantStatus.TENANT_STATUS_DELETED;
		}).orElse(null);
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
