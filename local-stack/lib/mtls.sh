# shellcheck shell=bash
# Mutual TLS between the services under ./strata up, on unless STRATA_MTLS=false.
# io.strata.platform.mtls.LocalCa keeps a CA in .strata/tls (ca.crt, ca.key) and issues a
# service a fresh 24-hour certificate each time it starts: certificates rotate on restart.

MTLS_DIR=$STATE/tls

# Who may call a service's gRPC API, from the channels the code opens (MtlsChannels): the
# gateway resolves API keys at identity and reads resource-type schemas at workflow.
# Nobody calls the others over gRPC yet, so they answer only the health service.
mtls_allowed_callers() {
	case $1 in
	identity-service | workflow-service) echo gateway-service ;;
	esac
}

mtls_spiffe_id() {
	echo "spiffe://strata.local/ns/local/sa/$1"
}

# Issues the service's certificate, then prints its strata.mtls.* settings as KEY=value
# lines (Spring's relaxed names for the environment); prints nothing when mTLS is off.
mtls_env() {
	local name=$1 caller callers=''
	[ "${STRATA_MTLS:-true}" != false ] || return 0
	# the service's own jar carries LocalCa and Bouncy Castle
	java -cp "$(service_jar "$name")" -Dloader.main=io.strata.platform.mtls.LocalCa \
		org.springframework.boot.loader.launch.PropertiesLauncher "$MTLS_DIR" local "$name" >&2 ||
		die "could not issue the mTLS certificate of $name (STRATA_MTLS=false runs without mTLS)"
	for caller in $(mtls_allowed_callers "$name"); do
		callers="${callers:+$callers,}$(mtls_spiffe_id "$caller")"
	done
	cat <<EOT
STRATA_MTLS_ENABLED=true
STRATA_MTLS_CERTIFICATE=$MTLS_DIR/$name.crt
STRATA_MTLS_PRIVATEKEY=$MTLS_DIR/$name.key
STRATA_MTLS_TRUSTBUNDLE=$MTLS_DIR/ca.crt
STRATA_MTLS_SPIFFEID=$(mtls_spiffe_id "$name")
EOT
	[ -z "$callers" ] || echo "STRATA_MTLS_ALLOWEDCALLERS=$callers"
}
