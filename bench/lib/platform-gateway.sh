# shellcheck shell=bash
# Sourced by bench/graphql.sh and bench/writes.sh: a gateway jar started on
# 127.0.0.1:$PORT (management $MGMT) against a running platform's services (./strata up),
# with the platform's mTLS certificate for the gateway when there is one and a rate-limit
# plan so large that nothing is refused for the development tenant (the measurement would
# be the plan's 50 req/s otherwise), and a signed-in development admin.
#
# Needs before sourcing: BENCH_DIR, STRATA_ROOT, and die() (and wrk, unless BENCH_NEEDS_WRK=0). Settings: STRATA_STACK (the
# platform's .strata directory: its stack.env, credentials and certificates), PORT,
# BENCH_GATEWAY_JAR, BENCH_JVM_FLAGS, BENCH_GATEWAY_ENV (more environment for the gateway,
# VAR=value separated by spaces), BENCH_KEEP=1 (leave the gateway running).
# Sets: STACK, JAR, JVM_FLAGS, MGMT, URL, WORK (a scratch directory, removed at exit),
# TENANT; start_gateway sets GATEWAY_PID, sign_in sets AUTH ("Bearer <token>").

STACK=${STRATA_STACK:-$STRATA_ROOT/.strata}
# shellcheck source=../../local-stack/lib/java.sh
. "$STRATA_ROOT/local-stack/lib/java.sh"
strata_find_java # the gateway needs Java 21+, which may not be the java on PATH
JAR=${BENCH_GATEWAY_JAR:-$STRATA_ROOT/gateway-service/target/gateway-service.jar}
JVM_FLAGS=${BENCH_JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseG1GC}
MGMT=$((PORT + 1))
URL=http://127.0.0.1:$PORT
WORK=$(mktemp -d)

[ "${BENCH_NEEDS_WRK:-1}" = 0 ] || command -v wrk >/dev/null || die "needs wrk (Debian: apt-get install wrk)"
command -v python3 >/dev/null || die "needs python3"
[ -f "$JAR" ] || die "no $JAR (./mvnw -B -q package -DskipTests -pl gateway-service -am)"
[ -f "$STACK/stack.env" ] || die "no $STACK/stack.env: is the platform up (./strata up)? STRATA_STACK names its .strata"
[ -n "${JAVA_HOME:-}" ] && PATH=$JAVA_HOME/bin:$PATH

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

TENANT=$(json 'd["tenant_id"]' <"$STACK/data/credentials.json")

GATEWAY_PID=''
cleanup() {
	if [ -n "$GATEWAY_PID" ] && [ "${BENCH_KEEP:-0}" != 1 ]; then
		kill "$GATEWAY_PID" 2>/dev/null || true
		wait "$GATEWAY_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

# The port ./strata up starts service $1 (gateway, identity, ...) on: the root pom's strata.port.$1
# (a service's management port is its HTTP port + 1100, as the launcher puts it).
platform_port() {
	sed -n "s:.*<strata\.port\.$1>\([0-9]*\)</strata\.port\.$1>.*:\1:p" "$STRATA_ROOT/pom.xml"
}

start_gateway() {
	if curl -s -o /dev/null "$URL" || curl -s -o /dev/null "http://127.0.0.1:$MGMT"; then
		die "port $PORT or $MGMT is taken (a gateway left by BENCH_KEEP=1?)"
	fi
	local scheme=http port service line
	local env_args=() extra_env=()
	while IFS= read -r line; do
		[ -z "$line" ] || env_args+=("$line")
	done <"$STACK/stack.env"
	if [ -f "$STACK/tls/gateway-service.crt" ] && [ "${STRATA_MTLS:-true}" != false ]; then
		scheme=https
		env_args+=(STRATA_MTLS_ENABLED=true "STRATA_MTLS_CERTIFICATE=$STACK/tls/gateway-service.crt"
			"STRATA_MTLS_PRIVATEKEY=$STACK/tls/gateway-service.key" "STRATA_MTLS_TRUSTBUNDLE=$STACK/tls/ca.crt"
			STRATA_MTLS_SPIFFEID=spiffe://strata.local/ns/local/sa/gateway-service)
	fi
	for service in IDENTITY WORKFLOW ANALYTICS ML NOTIFICATION; do
		port=$(platform_port "$(echo "$service" | tr '[:upper:]' '[:lower:]')")
		env_args+=("STRATA_${service}_URL=$scheme://127.0.0.1:$port" "STRATA_${service}_MANAGEMENT_URL=http://127.0.0.1:$((port + 1100))")
	done
	env_args+=("STRATA_PUBLIC_URL=http://127.0.0.1:$(platform_port gateway)"
		"STRATA_SECURITY_JWKS_URI=$scheme://127.0.0.1:$(platform_port identity)/oauth2/jwks"
		"STRATA_GATEWAY_REDIS_PREFIX=bench:$PORT:" STRATA_TRACE_SAMPLING=0.1) # production's sampling
	# e.g. a service of another build: BENCH_GATEWAY_ENV="STRATA_ANALYTICS_URL=https://127.0.0.1:18783 STRATA_ANALYTICS_GRPC=127.0.0.1:18793"
	read -r -a extra_env <<<"${BENCH_GATEWAY_ENV:-}"
	env_args+=("${extra_env[@]}")
	# from the work directory: the local profile keeps a development keyset in ./data
	# shellcheck disable=SC2086 # JVM_FLAGS is a list of flags
	(cd "$WORK" && exec env "${env_args[@]}" java $JVM_FLAGS -jar "$JAR" --spring.profiles.active=local "--server.port=$PORT" \
		--server.address=127.0.0.1 "--management.server.port=$MGMT" \
		--strata.gateway.rate-limit.plans.bench.burst=1000000000 \
		--strata.gateway.rate-limit.plans.bench.per-second=1000000000 \
		"--strata.gateway.rate-limit.tenants.$TENANT=bench") >"$WORK/gateway.log" 2>&1 &
	GATEWAY_PID=$!
	for _ in $(seq 1 120); do
		[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MGMT/actuator/health/readiness")" = 200 ] && break
		kill -0 "$GATEWAY_PID" 2>/dev/null || { tail -40 "$WORK/gateway.log"; die "the gateway did not start"; }
		sleep 1
	done
	echo "Gateway $JAR on $URL (pid $GATEWAY_PID)"
}

sign_in() {
	local login answer token=''
	login=$(python3 - "$STACK/data/credentials.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
print(json.dumps({"email": c["admin_email"], "password": c["admin_password"], "tenant_id": c["tenant_id"]}))
PY
)
	# the first calls through a fresh gateway may be slow to connect
	for _ in $(seq 1 10); do
		answer=$(curl -s -X POST -H 'Content-Type: application/json' -d "$login" "$URL/v2/auth/login") &&
			token=$(json 'd["access_token"]' <<<"$answer" 2>/dev/null) && break
		sleep 2
	done
	[ -n "$token" ] || die "could not sign in: $answer"
	AUTH="Bearer $token"
}
