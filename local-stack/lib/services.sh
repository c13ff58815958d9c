# shellcheck shell=bash
# The six Spring Boot services, started from <service>/target/<service>.jar.

SERVICES="gateway-service identity-service workflow-service analytics-service ml-service notification-service"

service_default_port() {
	case $1 in
	gateway-service) echo 8080 ;;
	identity-service) echo 8081 ;;
	workflow-service) echo 8082 ;;
	analytics-service) echo 8083 ;;
	ml-service) echo 8084 ;;
	notification-service) echo 8085 ;;
	esac
}

# STRATA_GATEWAY_PORT, STRATA_IDENTITY_PORT, …
service_port_var() {
	echo "STRATA_$(echo "${1%-service}" | tr '[:lower:]' '[:upper:]')_PORT"
}

service_port() {
	local recorded var
	if our_pid "$1" >/dev/null && recorded=$(recorded_port "$1") && [ -n "$recorded" ]; then
		echo "$recorded"
		return
	fi
	var=$(service_port_var "$1")
	echo "${!var:-$(service_default_port "$1")}"
}

service_jar() {
	echo "$STRATA_ROOT/$1/target/$1.jar"
}

services_build_if_needed() {
	local name missing=''
	for name in $SERVICES; do
		[ -f "$(service_jar "$name")" ] || missing="$missing ${name}"
	done
	if [ -z "$missing" ]; then
		warn_if_stale
		return 0
	fi
	local mvn started
	mvn=$(maven_cmd)
	started=$(now_ms)
	echo "Building the services (missing:$missing): ${mvn/#$STRATA_ROOT\//./} -B -q package -DskipTests…"
	(cd "$STRATA_ROOT" && "$mvn" -B -q package -DskipTests) || die "the build failed"
	echo "Built in $(since "$started")."
	for name in $SERVICES; do
		[ -f "$(service_jar "$name")" ] || die "the build made no $(service_jar "$name")"
	done
}

# Only missing jars are built; an older jar than the sources gets a one-line hint.
warn_if_stale() {
	local oldest='' name jar newer
	for name in $SERVICES; do
		jar=$(service_jar "$name")
		if [ -z "$oldest" ] || [ "$jar" -ot "$oldest" ]; then oldest=$jar; fi
	done
	newer=$(find "$STRATA_ROOT" -path "$STATE" -prune -o -path '*/src/main/*' -type f -newer "$oldest" -print -quit 2>/dev/null)
	[ -z "$newer" ] || echo "Note: sources changed since the jars were built (e.g. ${newer#"$STRATA_ROOT"/}); ./mvnw -B -q package -DskipTests rebuilds them."
}

service_start() {
	local name=$1 port line
	local -a env_args=()
	port=$(service_port "$name")
	while IFS= read -r line; do
		env_args+=("$line")
	done < <(stack_env)
	# the URL apps use: the tokens' issuer and the OpenAPI documents' server
	env_args+=("STRATA_PUBLIC_URL=${STRATA_PUBLIC_URL:-http://127.0.0.1:$(service_port gateway-service)}")
	local mtls
	mtls=$(mtls_env "$name") || exit 1
	while IFS= read -r line; do
		[ -z "$line" ] || env_args+=("$line")
	done <<<"$mtls"
	start_bg "$name" "$port" env "${env_args[@]}" \
		java -Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
		-jar "$(service_jar "$name")" --spring.profiles.active=local "--server.port=$port" \
		"--server.address=${STRATA_BIND_ADDRESS:-127.0.0.1}" "--spring.grpc.server.host=${STRATA_BIND_ADDRESS:-127.0.0.1}"
}

# Where a service answers health checks: the gateway on its management port (its public
# port serves no actuator endpoints), the others on their HTTP port.
service_health_port() {
	if [ "$1" = gateway-service ]; then echo "${STRATA_GATEWAY_MANAGEMENT_PORT:-9080}"; else service_port "$1"; fi
}

service_ready() {
	[ "$(http_code "http://127.0.0.1:$(service_health_port "$1")/actuator/health/readiness")" = 200 ]
}
