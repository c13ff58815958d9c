# shellcheck shell=bash
# Mutual TLS between the services under ./strata up, gRPC and HTTP, on unless
# STRATA_MTLS=false. The servlet services' HTTP ports then serve HTTPS only; their
# actuator stays plain HTTP on the management port (service_management_port).
# io.strata.platform.mtls.LocalCa keeps a CA in .strata/tls (ca.crt, ca.key) and issues a
# service a fresh 24-hour certificate each time it starts: certificates rotate on restart.

MTLS_DIR=$STATE/tls

# Who may call a service's gRPC API, from the channels the code opens (MtlsChannels): the
# gateway resolves API keys at identity, reads resource-type schemas at workflow, and
# resolves GraphQL at workflow and analytics and GraphQL subscriptions at notification
# (its event stream); analytics embeds resources and queries at ml; ml reads the resources
# a model trains on at analytics; workflow's ml.predict step predicts at ml.
mtls_allowed_callers() {
	case $1 in
	identity-service | workflow-service | notification-service) echo gateway-service ;;
	analytics-service) echo gateway-service ml-service ;;
	ml-service) echo analytics-service workflow-service ;;
	esac
}

# Who may call a service's HTTP port: the gateway proxies to every service, and every
# service's resource server (the gateway's too) reads identity's JWKS.
mtls_allowed_http_callers() {
	case $1 in
	identity-service) echo gateway-service workflow-service analytics-service ml-service notification-service ;;
	gateway-service) ;;
	*) echo gateway-service ;;
	esac
}

mtls_on() {
	[ "${STRATA_MTLS:-true}" != false ]
}

mtls_spiffe_id() {
	echo "spiffe://strata.local/ns/local/sa/$1"
}

# Issues fresh certificates to the named services, all in one JVM (a JVM start per
# service cost seconds each): certificates rotate whenever a service (re)starts.
mtls_issue() {
	mtls_on || return 0
	[ $# -gt 0 ] || return 0
	# any service's jar carries LocalCa and Bouncy Castle
	java -cp "$(service_jar "$1")" -Dloader.main=io.strata.platform.mtls.LocalCa \
		org.springframework.boot.loader.launch.PropertiesLauncher "$MTLS_DIR" local "$@" >&2 ||
		die "could not issue the mTLS certificates of $* (STRATA_MTLS=false runs without mTLS)"
}

# Prints the service's strata.mtls.* settings as KEY=value lines (Spring's relaxed names
# for the environment), issuing its certificate if mtls_issue has not; prints nothing
# when mTLS is off.
mtls_env() {
	local name=$1
	mtls_on || return 0
	[ -n "$(find "$MTLS_DIR/$name.crt" -mmin -5 2>/dev/null)" ] || mtls_issue "$name"
	local callers http_callers
	# shellcheck disable=SC2046 # word lists of service names
	callers=$(mtls_spiffe_ids $(mtls_allowed_callers "$name"))
	# shellcheck disable=SC2046 # word lists of service names
	http_callers=$(mtls_spiffe_ids $(mtls_allowed_http_callers "$name"))
	cat <<EOT
STRATA_MTLS_ENABLED=true
STRATA_MTLS_CERTIFICATE=$MTLS_DIR/$name.crt
STRATA_MTLS_PRIVATEKEY=$MTLS_DIR/$name.key
STRATA_MTLS_TRUSTBUNDLE=$MTLS_DIR/ca.crt
STRATA_MTLS_SPIFFEID=$(mtls_spiffe_id "$name")
EOT
	[ -z "$callers" ] || echo "STRATA_MTLS_ALLOWEDCALLERS=$callers"
	[ -z "$http_callers" ] || echo "STRATA_MTLS_ALLOWEDHTTPCALLERS=$http_callers"
}

# The SPIFFE ids of the named services, comma-separated.
mtls_spiffe_ids() {
	local name ids=''
	for name in "$@"; do
		ids="${ids:+$ids,}$(mtls_spiffe_id "$name")"
	done
	echo "$ids"
}
