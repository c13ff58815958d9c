# shellcheck shell=bash
# The six Spring Boot services, built as <service>/target/<service>.jar and started from a
# copy of it under .strata/run (a later build does not change a running service's jar).

SERVICES="gateway-service identity-service workflow-service analytics-service ml-service notification-service"

# A service's default ports: the root pom.xml's strata.port.* (the services' application.yml
# default to the same, through strata-platform.yml): strata.port.identity (8081), ...
service_pom_port() {
	pom_prop "strata.port.${1%-service}${2:+-$2}" "$STRATA_ROOT/pom.xml"
}

service_default_port() {
	service_pom_port "$1"
}

# Where the services other than the gateway serve gRPC: strata.port.identity-grpc (9081), …,
# or STRATA_IDENTITY_GRPC_PORT, …
service_grpc_port() {
	local var
	var="$(service_port_var "$1" | sed 's/_PORT$//')_GRPC_PORT"
	echo "${!var:-$(service_pom_port "$1" grpc)}"
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

# JVM flags: quick to start and small (a developer's machine runs six), or with --prod
# (STRATA_PROFILE=prod) what a benchmark or a production node wants: the full JIT, G1 and a
# fixed heap; STRATA_JAVA_OPTS replaces either.
service_java_opts() {
	if [ -n "${STRATA_JAVA_OPTS:-}" ]; then
		echo "$STRATA_JAVA_OPTS"
	elif [ "${STRATA_PROFILE:-dev}" = prod ]; then
		echo "-Xms512m -Xmx512m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"
	else
		echo "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
	fi
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
	env_args+=("STRATA_SECURITY_JWKS_URI=$(service_url identity-service)/oauth2/jwks")
	# --prod samples traces as production does (10 %); the local profile keeps every trace
	if [ "${STRATA_PROFILE:-dev}" = prod ]; then
		env_args+=("STRATA_TRACE_SAMPLING=${STRATA_TRACE_SAMPLING:-0.1}")
	fi
	local mtls other
	mtls=$(mtls_env "$name") || exit 1
	while IFS= read -r line; do
		[ -z "$line" ] || env_args+=("$line")
	done <<<"$mtls"
	local -a args=("--server.port=$port")
	# every caller finds every gRPC server at the same address: STRATA_IDENTITY_GRPC, …
	for other in $SERVICES; do
		[ "$other" != gateway-service ] || continue
		env_args+=("$(service_env_prefix "$other")_GRPC=127.0.0.1:$(service_grpc_port "$other")")
	done
	[ "$name" = gateway-service ] || args+=("--spring.grpc.server.port=$(service_grpc_port "$name")")
	if [ "$name" = gateway-service ]; then
		for other in $SERVICES; do
			[ "$other" != gateway-service ] || continue
			env_args+=("$(service_env_prefix "$other")_URL=$(service_url "$other")")
			env_args+=("$(service_env_prefix "$other")_MANAGEMENT_URL=http://127.0.0.1:$(service_management_port "$other")")
		done
	else
		args+=("--management.server.port=$(service_management_port "$name")" "--management.server.address=127.0.0.1")
	fi
	# a copy of the jar: a build (./mvnw verify or package) rewrites target/*.jar, and a
	# JVM whose jar changes under it fails on the next class it loads
	local jar="$RUN/$name.jar"
	cp "$(service_jar "$name")" "$jar.tmp" && mv -f "$jar.tmp" "$jar" || die "cannot copy $(service_jar "$name") to $jar"
	# shellcheck disable=SC2046 # the JVM flags are words
	start_bg "$name" "$port" env "${env_args[@]}" \
		java $(service_java_opts) \
		-jar "$jar" --spring.profiles.active=local "${args[@]}" \
		"--server.address=${STRATA_BIND_ADDRESS:-127.0.0.1}" "--spring.grpc.server.host=${STRATA_BIND_ADDRESS:-127.0.0.1}"
}

# Where a service's own port answers: https for all but the gateway (the edge) under mTLS.
service_url() {
	local scheme=http
	if [ "$1" != gateway-service ] && mtls_on; then scheme=https; fi
	echo "$scheme://127.0.0.1:$(service_port "$1")"
}

# STRATA_IDENTITY, … : the gateway's STRATA_IDENTITY_URL and STRATA_IDENTITY_MANAGEMENT_URL
service_env_prefix() {
	local var
	var=$(service_port_var "$1")
	echo "${var%_PORT}"
}

# Where a service's actuator answers (health, Prometheus), plain HTTP on 127.0.0.1 only:
# the gateway's management port (strata.port.gateway-management, 9080); for the others their
# HTTP port + 1100 (8081 -> 9181, …), clear of the gRPC ports 9081-9085 and of 9080, so their HTTP port can
# require mTLS while probes need no certificate.
service_management_port() {
	if [ "$1" = gateway-service ]; then
		echo "${STRATA_GATEWAY_MANAGEMENT_PORT:-$(service_pom_port gateway-service management)}"
	else
		echo $(($(service_port "$1") + 1100))
	fi
}

service_ready() {
	[ "$(http_code "http://127.0.0.1:$(service_management_port "$1")/actuator/health/readiness")" = 200 ]
}
