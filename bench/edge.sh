#!/usr/bin/env bash
# ./strata bench edge [gateway|tokens|all]: the edge's benchmark, with its anchors started
# here, measured side by side in one run (docs: bench/README.md).
#
#   gateway  GET through each proxy to the same trivial backend (nginx): the backend
#            directly, nginx as a reverse proxy, a bare Spring Cloud Gateway (bench/bare-
#            gateway: same Boot and Cloud versions, one route, no filters), that gateway
#            with the libraries Strata's builds on and none of its code (bench/library-
#            gateway: Spring Security's resource server with verified tokens kept, Boot's
#            server observation, a tenth traced) and Strata's gateway with every policy on (ES256 token, route scope, rate limit in Redis,
#            tenant status, request id, edge headers); then the gateways at the same paced
#            rate, half of Strata's saturated throughput, for the latency each adds.
#   tokens   client_credentials tokens from Strata's identity and from Keycloak (its Maven
#            distribution, on the stack's PostgreSQL), at saturation and at a paced rate.
#   serve    starts identity, nginx and the three gateways and keeps them up until interrupted
#            (to profile: the token is in .strata/bench/token)
#
# Needs nginx, wrk and psql (Debian: apt-get install nginx-light wrk postgresql-client) and
# the stack's servers (./strata servers up: PostgreSQL, Redis, Kafka). Everything it
# starts listens on 127.0.0.1 from BENCH_PORT_BASE (18600) on and is stopped at the end.
# Rounds are interleaved (every target once per round) and each figure is the median of
# the rounds, with the spread of throughput shown: the machines are shared and noisy.
# Settings: BENCH_ROUNDS (5), BENCH_SECONDS (10, per target and round), BENCH_WARMUP
# (60, seconds of load per JVM before measuring; then more until its JIT is quiet, up to
# BENCH_WARMUP_MAX, 600), BENCH_CONNECTIONS (64; tokens: 16),
# BENCH_JVM_FLAGS (the measured JVMs' production flags), BENCH_GATEWAY_JAR and
# BENCH_IDENTITY_JAR (the builds measured; default: the modules' target/), BENCH_KEEP=1 (leave everything
# running, e.g. to profile; the pids are in .strata/bench/run).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
STRATA_ROOT=${STRATA_ROOT:-$(dirname "$BENCH_DIR")}
# shellcheck source=../local-stack/lib/java.sh
. "$STRATA_ROOT/local-stack/lib/java.sh"

STATE=$STRATA_ROOT/.strata
WORK=$STATE/bench
LOGS=$WORK/logs
RUN=$WORK/run
KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$BENCH_DIR/anchors.pom.xml")
KEYCLOAK_HOME=$STATE/dist/keycloak-$KEYCLOAK_VERSION

ROUNDS=${BENCH_ROUNDS:-5}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-60}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
TOKEN_CONNECTIONS=${BENCH_TOKEN_CONNECTIONS:-16}
# Production settings for every JVM measured: a fixed heap, G1, full JIT (no
# -XX:TieredStopAtLevel=1, the development flag of ./strata up). Keycloak runs with its
# distribution's own production defaults (bin/kc.sh).
JVM_FLAGS=${BENCH_JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseG1GC}
# the builds measured (e.g. copies of an earlier build, to compare)
GATEWAY_JAR=${BENCH_GATEWAY_JAR:-$STRATA_ROOT/gateway-service/target/gateway-service.jar}
IDENTITY_JAR=${BENCH_IDENTITY_JAR:-$STRATA_ROOT/identity-service/target/identity-service.jar}

BASE=${BENCH_PORT_BASE:-18600}
P_BACKEND=$BASE
P_NGINX=$((BASE + 1))
P_BARE=$((BASE + 2))
P_GATEWAY=$((BASE + 3))
P_GATEWAY_MGMT=$((BASE + 4))
P_IDENTITY=$((BASE + 5))
P_IDENTITY_GRPC=$((BASE + 6))
P_IDENTITY_MGMT=$((BASE + 7))
P_KEYCLOAK=$((BASE + 8))
P_KEYCLOAK_MGMT=$((BASE + 9))
P_LIBRARY=$((BASE + 10))
P_LIBRARY_MGMT=$((BASE + 11))

# the stack's servers: the STRATA_* variables, else the root pom.xml's default ports
default_port() { sed -n "s:.*<strata\.port\.$1>\([0-9]*\)</strata\.port\.$1>.*:\1:p" "$STRATA_ROOT/pom.xml"; }
PG_HOST=${STRATA_PG_HOST:-127.0.0.1}
PG_PORT=${STRATA_PG_PORT:-$(default_port postgres)}
PG_USER=${STRATA_PG_USER:-strata}
PG_PASSWORD=${STRATA_PG_PASSWORD:-strata}
REDIS_PORT=${STRATA_REDIS_PORT:-$(default_port redis)}
KAFKA=${STRATA_KAFKA:-127.0.0.1:$(default_port kafka)}

STARTED_PIDS=''

die() {
	echo "bench: $*" >&2
	exit 1
}

say() {
	printf '  %-28s %s\n' "$1" "$2"
}

port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

http_code() {
	curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-3}" "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------- processes

# start NAME COMMAND...: in the background, from $WORK/NAME, output to $LOGS/NAME.log
start() {
	local name=$1
	shift
	mkdir -p "$WORK/$name"
	(cd "$WORK/$name" && exec "$@") >"$LOGS/$name.log" 2>&1 &
	local pid=$!
	echo "$pid" >"$RUN/$name.pid"
	STARTED_PIDS="$STARTED_PIDS $pid"
}

pid_of() {
	cat "$RUN/$1.pid"
}

stop_all() {
	[ "${BENCH_KEEP:-0}" = 1 ] && {
		echo "BENCH_KEEP=1: left running (pids in $RUN):$STARTED_PIDS"
		return
	}
	local pid
	for pid in $STARTED_PIDS; do
		# the process itself and what it started (kc.sh runs java as its child)
		pkill -TERM -P "$pid" 2>/dev/null || true
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in $STARTED_PIDS; do
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
	rm -f "$RUN"/*.pid
}

# await NAME URL: until URL answers 200 (the process must stay alive meanwhile)
await() {
	local name=$1 url=$2 deadline=$((SECONDS + ${BENCH_START_TIMEOUT:-300}))
	while [ "$(http_code "$url")" != 200 ]; do
		if [ -f "$RUN/$name.pid" ] && ! kill -0 "$(pid_of "$name")" 2>/dev/null; then
			tail -n 40 "$LOGS/$name.log" >&2
			die "$name exited while starting (log: $LOGS/$name.log)"
		fi
		[ "$SECONDS" -lt "$deadline" ] || die "$name did not answer $url in time (log: $LOGS/$name.log)"
		sleep 1
	done
}

# The pids whose CPU a target costs: nginx's master and workers; a JVM's process.
cpu_pids() {
	local pid
	pid=$(pid_of "$1")
	if [ "$1" = nginx ]; then
		echo "$pid $(pgrep -P "$pid" | tr '\n' ' ')"
	elif [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = java ]; then
		echo "$pid"
	else
		# kc.sh: its java child
		pgrep -P "$pid" java | head -n 1
	fi
}

# utime + stime of the pids, in clock ticks
cpu_ticks() {
	local total=0 pid fields
	local -a f
	for pid in "$@"; do
		# the fields after the command (which may hold spaces): utime is the 12th, stime the 13th
		fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
		read -ra f <<<"$fields"
		total=$((total + f[11] + f[12]))
	done
	echo "$total"
}

# ---------------------------------------------------------------- setup

check_tools() {
	local tool missing=''
	for tool in nginx wrk psql curl; do
		command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
	done
	[ -z "$missing" ] || die "needs$missing (Debian: apt-get install -y nginx-light wrk postgresql-client curl)"
	port_open "$PG_PORT" || die "PostgreSQL does not answer on $PG_PORT: ./strata servers up (or set STRATA_PG_PORT)"
	port_open "$REDIS_PORT" || die "Redis does not answer on $REDIS_PORT: ./strata servers up"
	port_open "${KAFKA##*:}" || die "Kafka does not answer on $KAFKA: ./strata servers up"
	local port
	for port in $(seq "$BASE" $((BASE + 9))); do
		! port_open "$port" || die "port $port is in use; stop what holds it or set BENCH_PORT_BASE (now $BASE)"
	done
}

build_jars() {
	local mvn=$STRATA_ROOT/mvnw
	if [ -n "${BENCH_GATEWAY_JAR:-}" ] || [ -n "${BENCH_IDENTITY_JAR:-}" ]; then
		[ -f "$GATEWAY_JAR" ] && [ -f "$IDENTITY_JAR" ] || die "no $GATEWAY_JAR or $IDENTITY_JAR"
	elif [ ! -f "$GATEWAY_JAR" ] || [ ! -f "$IDENTITY_JAR" ]; then
		echo "Building gateway-service and identity-service (./mvnw -B -q package -DskipTests)…"
		(cd "$STRATA_ROOT" && "$mvn" -B -q package -DskipTests -pl gateway-service,identity-service -am) ||
			die "the build failed"
	fi
	if [ ! -f "$BENCH_DIR/bare-gateway/target/bare-gateway.jar" ]; then
		echo "Building the bare Spring Cloud Gateway (./mvnw -B -q package -Pbench -pl bench/bare-gateway)…"
		(cd "$STRATA_ROOT" && "$mvn" -B -q package -Pbench -pl bench/bare-gateway) || die "the build failed"
	fi
	if [ ! -f "$BENCH_DIR/library-gateway/target/library-gateway.jar" ]; then
		echo "Building the gateway of libraries (./mvnw -B -q package -Pbench -pl bench/library-gateway)…"
		(cd "$STRATA_ROOT" && "$mvn" -B -q package -Pbench -pl bench/library-gateway) || die "the build failed"
	fi
}

create_database() {
	local url="postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/postgres"
	if [ -z "$(psql "$url" -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; then
		psql "$url" -qc "CREATE DATABASE $1" >/dev/null || die "could not create database $1"
	fi
}

start_nginx() {
	mkdir -p "$WORK/nginx/logs"
	cat >"$WORK/nginx/nginx.conf" <<EOF
# ./strata bench: the trivial backend and nginx as a reverse proxy in front of it
worker_processes 2;
pid $RUN/nginx.master.pid;
daemon off;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	keepalive_requests 1000000;
	client_body_temp_path $WORK/nginx/tmp;
	proxy_temp_path $WORK/nginx/tmp;
	upstream backend { server 127.0.0.1:$P_BACKEND; keepalive 128; }
	server {
		listen 127.0.0.1:$P_BACKEND;
		default_type application/json;
		location / { return 200 '{"id":"bench-1","state":"open"}'; }
	}
	server {
		listen 127.0.0.1:$P_NGINX;
		location / {
			proxy_pass http://backend;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
		}
	}
}
EOF
	mkdir -p "$WORK/nginx/tmp"
	start nginx nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
	await nginx "http://127.0.0.1:$P_BACKEND/"
}

# a fresh database per run: identity seals its signing keys and client-secret pepper with
# the keyset in its working directory (.strata/bench/identity/data), which a database left
# by a run from another checkout does not match
recreate_database() {
	local url="postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/postgres"
	psql "$url" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null || die "could not drop database $1"
	create_database "$1"
}

start_identity() {
	recreate_database strata_bench_identity
	mkdir -p "$WORK/identity/data"
	start identity env STRATA_PG_HOST="$PG_HOST" STRATA_PG_PORT="$PG_PORT" STRATA_PG_USER="$PG_USER" \
		STRATA_PG_PASSWORD="$PG_PASSWORD" STRATA_PG_DATABASE=strata_bench_identity STRATA_KAFKA="$KAFKA" \
		STRATA_REDIS_PORT="$REDIS_PORT" STRATA_TOPIC_PREFIX=bench. SPRING_KAFKA_CONSUMER_GROUP_ID=bench-identity \
		STRATA_PUBLIC_URL="http://127.0.0.1:$P_GATEWAY" STRATA_ACCESS_TOKEN_TTL=2h STRATA_TRACE_SAMPLING=0.1 \
		STRATA_CREDENTIALS_FILE="$WORK/identity/data/credentials.json" \
		java $JVM_FLAGS -jar "$IDENTITY_JAR" \
		--spring.profiles.active=local --server.port="$P_IDENTITY" --server.address=127.0.0.1 \
		--spring.grpc.server.port="$P_IDENTITY_GRPC" --spring.grpc.server.host=127.0.0.1 \
		--management.server.port="$P_IDENTITY_MGMT" --management.server.address=127.0.0.1
}

start_gateway() {
	local backend="http://127.0.0.1:$P_BACKEND"
	start gateway env STRATA_REDIS_PORT="$REDIS_PORT" STRATA_KAFKA="$KAFKA" STRATA_TOPIC_PREFIX=bench. \
		SPRING_KAFKA_CONSUMER_GROUP_ID=bench-gateway STRATA_GATEWAY_REDIS_PREFIX=bench:gw: \
		STRATA_PUBLIC_URL="http://127.0.0.1:$P_GATEWAY" \
		STRATA_SECURITY_JWKS_URI="http://127.0.0.1:$P_IDENTITY/oauth2/jwks" \
		STRATA_IDENTITY_GRPC="127.0.0.1:$P_IDENTITY_GRPC" STRATA_WORKFLOW_GRPC="127.0.0.1:$P_BACKEND" \
		STRATA_ANALYTICS_GRPC="127.0.0.1:$P_BACKEND" STRATA_GATEWAY_MANAGEMENT_PORT="$P_GATEWAY_MGMT" \
		STRATA_IDENTITY_URL="http://127.0.0.1:$P_IDENTITY" STRATA_WORKFLOW_URL="$backend" \
		STRATA_ANALYTICS_URL="$backend" STRATA_ML_URL="$backend" STRATA_NOTIFICATION_URL="$backend" \
		STRATA_CRYPTO_KEYSET_FILE="$WORK/gateway/keyset.json" \
		java $JVM_FLAGS -jar "$GATEWAY_JAR" \
		--server.port="$P_GATEWAY" --server.address=127.0.0.1 \
		--strata.gateway.rate-limit.default-plan=bench \
		--strata.gateway.rate-limit.plans.bench.burst=1000000000 \
		--strata.gateway.rate-limit.plans.bench.per-second=1000000
}

start_bare() {
	start bare env BENCH_PORT="$P_BARE" BENCH_BACKEND_URL="http://127.0.0.1:$P_BACKEND" \
		java $JVM_FLAGS -jar "$BENCH_DIR/bare-gateway/target/bare-gateway.jar"
}

start_library() {
	start library env BENCH_PORT="$P_LIBRARY" BENCH_MANAGEMENT_PORT="$P_LIBRARY_MGMT" \
		BENCH_BACKEND_URL="http://127.0.0.1:$P_BACKEND" BENCH_JWKS_URI="http://127.0.0.1:$P_IDENTITY/oauth2/jwks" \
		java $JVM_FLAGS -jar "$BENCH_DIR/library-gateway/target/library-gateway.jar"
}

keycloak_install() {
	[ -x "$KEYCLOAK_HOME/bin/kc.sh" ] && [ -f "$KEYCLOAK_HOME/.built" ] && return 0
	local download=$STATE/dist/download
	if [ ! -f "$download/keycloak.zip" ]; then
		echo "Downloading Keycloak $KEYCLOAK_VERSION from Maven Central (once)…"
		mkdir -p "$download"
		(cd "$STRATA_ROOT" && ./mvnw -B -q -f bench/anchors.pom.xml "-Dstrata.dist=$download" \
			dependency:copy@keycloak) >"$LOGS/keycloak-download.log" 2>&1 ||
			die "could not download Keycloak (log: $LOGS/keycloak-download.log)"
	fi
	rm -rf "$KEYCLOAK_HOME" "$STATE/dist/keycloak-tmp"
	mkdir -p "$STATE/dist/keycloak-tmp"
	unzip -q "$download/keycloak.zip" -d "$STATE/dist/keycloak-tmp"
	mv "$STATE/dist/keycloak-tmp/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
	rm -rf "$STATE/dist/keycloak-tmp"
	echo "Building Keycloak for PostgreSQL (kc.sh build, once)…"
	"$KEYCLOAK_HOME/bin/kc.sh" build --db=postgres --health-enabled=true >"$LOGS/keycloak-build.log" 2>&1 ||
		die "kc.sh build failed (log: $LOGS/keycloak-build.log)"
	touch "$KEYCLOAK_HOME/.built"
}

start_keycloak() {
	keycloak_install
	create_database strata_bench_keycloak
	start keycloak env KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
		"$KEYCLOAK_HOME/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 \
		--http-port="$P_KEYCLOAK" --http-management-port="$P_KEYCLOAK_MGMT" --hostname-strict=false \
		--db-url="jdbc:postgresql://$PG_HOST:$PG_PORT/strata_bench_keycloak" --db-username="$PG_USER" \
		--db-password="$PG_PASSWORD"
}

# A realm "bench" with a confidential client "bench" that has a service account.
keycloak_client() {
	local base="http://127.0.0.1:$P_KEYCLOAK" admin
	admin=$(curl -sf "$base/realms/master/protocol/openid-connect/token" -d grant_type=password \
		-d client_id=admin-cli -d username=admin -d password=admin | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
	[ -n "$admin" ] || die "no admin token from Keycloak (log: $LOGS/keycloak.log)"
	curl -s -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
		"$base/admin/realms" -d '{"realm":"bench","enabled":true}'
	curl -s -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
		"$base/admin/realms/bench/clients" -d '{"clientId":"bench","secret":"bench-secret","publicClient":false,
		"serviceAccountsEnabled":true,"standardFlowEnabled":false,"directAccessGrantsEnabled":false,
		"clientAuthenticatorType":"client-secret"}'
}

# ---------------------------------------------------------------- measuring

RESULTS=''

# measure SET TARGET PROCESS URL CONNECTIONS [DELAY_MS]: one wrk run; appends a result line
# "SET TARGET req/s p50 p95 p99 cpu_us_per_request errors" (milliseconds) to $RESULTS
measure() {
	local set=$1 target=$2 process=$3 url=$4 connections=$5 delay=${6:-0}
	local pids before after out line requests duration p50 p95 p99 non2xx socket ticks_hz
	pids=$(cpu_pids "$process")
	before=$(cpu_ticks $pids)
	out=$(BENCH_DELAY_MS=$delay wrk -t2 -c"$connections" -d"${SECONDS_PER_RUN}s" --timeout 10s \
		-s "$BENCH_DIR/wrk/bench.lua" "$url" 2>&1) || die "wrk failed against $url: $out"
	after=$(cpu_ticks $pids)
	line=$(printf '%s\n' "$out" | grep '^BENCH ') || die "no result from wrk against $url: $out"
	eval "$(printf '%s\n' "$line" | sed 's/^BENCH //; s/ /; /g')" # requests=… duration_us=… p50=… …
	ticks_hz=$(getconf CLK_TCK)
	printf -v line '%s %s %.1f %.2f %.2f %.2f %.1f %d' "$set" "$target" \
		"$(awk "BEGIN{print $requests / ($duration_us / 1e6)}")" \
		"$(awk "BEGIN{print $p50 / 1000}")" "$(awk "BEGIN{print $p95 / 1000}")" \
		"$(awk "BEGIN{print $p99 / 1000}")" \
		"$(awk "BEGIN{print ($after - $before) * 1e6 / $ticks_hz / ($requests > 0 ? $requests : 1)}")" \
		$((non2xx + socket_errors))
	RESULTS="$RESULTS$line"$'\n'
	printf '    %-34s %9s req/s  p95 %7s ms  cpu %7s µs/req%s\n' "$set/$target" \
		"$(echo "$line" | cut -d' ' -f3)" "$(echo "$line" | cut -d' ' -f5)" "$(echo "$line" | cut -d' ' -f7)" \
		"$( [ $((non2xx + socket_errors)) -eq 0 ] || echo "  ERRORS: $non2xx non-2xx, $socket_errors socket")"
}

# JIT compile time of a JVM so far, in seconds (jstat -compiler's Time column)
jit_seconds() {
	"$JAVA_HOME/bin/jstat" -compiler "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'
}

# warm PROCESS URL CONNECTIONS: load without measuring for BENCH_WARMUP seconds, then in
# rounds of 20 s until the JIT compiled less than 1 s in a round (at most BENCH_WARMUP_MAX,
# 600 s, in all): Strata's gateway kept C2 busy for minutes, and CPU per request fell from
# 1.5 ms to 0.4 ms meanwhile on a loaded 2-core machine
warm() {
	local pid before after waited=$WARMUP
	pid=$(cpu_pids "$1" | cut -d' ' -f1)
	wrk -t2 -c"$3" -d"${WARMUP}s" --timeout 10s -s "$BENCH_DIR/wrk/bench.lua" "$2" >/dev/null 2>&1 || true
	[ "$1" != nginx ] || return 0
	while [ "$waited" -lt "${BENCH_WARMUP_MAX:-600}" ]; do
		before=$(jit_seconds "$pid")
		wrk -t2 -c"$3" -d20s --timeout 10s -s "$BENCH_DIR/wrk/bench.lua" "$2" >/dev/null 2>&1 || true
		after=$(jit_seconds "$pid")
		waited=$((waited + 20))
		[ -n "$before" ] && [ -n "$after" ] || break
		if awk "BEGIN { exit !($after - $before < 1) }"; then
			break
		fi
	done
	echo "    $1 warmed up for $waited s (JIT: ${after:-?} s compiling in all)"
}

# median SET TARGET COLUMN: the median over the rounds (columns: 3 req/s, 4 p50, 5 p95,
# 6 p99, 7 cpu, 8 errors)
median() {
	printf '%s' "$RESULTS" | awk -v s="$1" -v t="$2" -v c="$3" '$1 == s && $2 == t { print $c }' | sort -g |
		awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

spread() {
	printf '%s' "$RESULTS" | awk -v s="$1" -v t="$2" '$1 == s && $2 == t { print $3 }' | sort -g |
		awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }'
}

errors() {
	printf '%s' "$RESULTS" | awk -v s="$1" -v t="$2" '$1 == s && $2 == t { n += $8 } END { print n + 0 }'
}

row() {
	local set=$1 target=$2 title=$3
	printf '| %-40s | %9.0f | %11s | %6.2f | %6.2f | %6.2f | %8.1f | %s |\n' "$title" "$(median "$set" "$target" 3)" \
		"$(spread "$set" "$target")" "$(median "$set" "$target" 4)" "$(median "$set" "$target" 5)" \
		"$(median "$set" "$target" 6)" "$(median "$set" "$target" 7)" "$(errors "$set" "$target")"
}

header() {
	echo "| $1 | req/s (median) | min-max | p50 ms | p95 ms | p99 ms | CPU µs/req | errors |"
	echo "|---|---|---|---|---|---|---|---|"
}

ratio() {
	awk "BEGIN { printf \"%.2f\", $1 / $2 }"
}

# ---------------------------------------------------------------- the benchmarks

bench_gateway() {
	local token direct="http://127.0.0.1:$P_BACKEND/v2/resources/bench-1"
	local proxy="http://127.0.0.1:$P_NGINX/v2/resources/bench-1" bare="http://127.0.0.1:$P_BARE/v2/resources/bench-1"
	local strata="http://127.0.0.1:$P_GATEWAY/v2/resources/bench-1" round
	local library="http://127.0.0.1:$P_LIBRARY/v2/resources/bench-1"
	token=$(strata_token resources.read)
	[ -n "$token" ] || die "identity issued no token (log: $LOGS/identity.log)"
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$strata")" = 200 ] ||
		die "Strata's gateway does not answer 200 with the token: $(curl -s -H "Authorization: Bearer $token" "$strata") (log: $LOGS/gateway.log)"
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$strata")" = 401 ] || die "Strata's gateway admits a request without a token"
	[ "$(http_code "$bare")" = 200 ] || die "the bare gateway does not answer 200 (log: $LOGS/bare.log)"
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$library")" = 200 ] ||
		die "the gateway of libraries does not answer 200 with the token (log: $LOGS/library.log)"
	[ "$(http_code "$library")" = 401 ] || die "the gateway of libraries admits a request without a token"
	export BENCH_AUTH="Bearer $token"
	echo "Warming up the gateways (${WARMUP} s each)…"
	warm bare "$bare" "$CONNECTIONS"
	warm library "$library" "$CONNECTIONS"
	warm gateway "$strata" "$CONNECTIONS"
	for round in $(seq 1 "$ROUNDS"); do
		echo "  round $round/$ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
		measure sat direct nginx "$direct" "$CONNECTIONS"
		measure sat nginx nginx "$proxy" "$CONNECTIONS"
		measure sat bare bare "$bare" "$CONNECTIONS"
		measure sat library library "$library" "$CONNECTIONS"
		measure sat strata gateway "$strata" "$CONNECTIONS"
	done
	# paced: both gateways at half of Strata's saturated throughput, 32 connections
	local rate paced_connections=32 delay
	rate=$(awk "BEGIN { printf \"%d\", $(median sat strata 3) / 2 }")
	delay=$(awk "BEGIN { d = $paced_connections * 1000 / $rate; printf \"%d\", (d < 1) ? 1 : d }")
	PACED_RATE=$rate
	echo "  paced: $rate req/s ($paced_connections connections, ${delay} ms between a connection's requests)"
	for round in $(seq 1 "$ROUNDS"); do
		measure half bare bare "$bare" "$paced_connections" "$delay"
		measure half library library "$library" "$paced_connections" "$delay"
		measure half strata gateway "$strata" "$paced_connections" "$delay"
	done
	unset BENCH_AUTH
}

# A client_credentials token from the bench's identity (its development client).
strata_token() {
	local file=$WORK/identity/data/credentials.json id secret
	id=$(sed -n 's/.*"client_id" *: *"\([^"]*\)".*/\1/p' "$file")
	secret=$(sed -n 's/.*"client_secret" *: *"\([^"]*\)".*/\1/p' "$file")
	curl -s -u "$id:$secret" "http://127.0.0.1:$P_IDENTITY/oauth2/token" -d grant_type=client_credentials \
		${1:+-d "scope=$1"} | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}

bench_tokens() {
	local file=$WORK/identity/data/credentials.json id secret round
	local strata="http://127.0.0.1:$P_IDENTITY/oauth2/token"
	local keycloak="http://127.0.0.1:$P_KEYCLOAK/realms/bench/protocol/openid-connect/token"
	id=$(sed -n 's/.*"client_id" *: *"\([^"]*\)".*/\1/p' "$file")
	secret=$(sed -n 's/.*"client_secret" *: *"\([^"]*\)".*/\1/p' "$file")
	local strata_auth keycloak_auth
	strata_auth="Basic $(printf '%s:%s' "$id" "$secret" | base64 -w0)"
	keycloak_auth="Basic $(printf 'bench:bench-secret' | base64 -w0)"
	export BENCH_METHOD=POST BENCH_BODY=grant_type=client_credentials
	export BENCH_CONTENT_TYPE=application/x-www-form-urlencoded
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $strata_auth" -d "$BENCH_BODY" "$strata")" = 200 ] ||
		die "identity refuses the client_credentials request (log: $LOGS/identity.log)"
	[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $keycloak_auth" -d "$BENCH_BODY" "$keycloak")" = 200 ] ||
		die "Keycloak refuses the client_credentials request (log: $LOGS/keycloak.log)"
	echo "Warming up identity and Keycloak (${WARMUP} s each)…"
	BENCH_AUTH=$strata_auth warm identity "$strata" "$TOKEN_CONNECTIONS"
	BENCH_AUTH=$keycloak_auth warm keycloak "$keycloak" "$TOKEN_CONNECTIONS"
	for round in $(seq 1 "$ROUNDS"); do
		echo "  round $round/$ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
		BENCH_AUTH=$keycloak_auth measure tokens keycloak keycloak "$keycloak" "$TOKEN_CONNECTIONS"
		BENCH_AUTH=$strata_auth measure tokens strata identity "$strata" "$TOKEN_CONNECTIONS"
	done
	# paced: both at half of the slower one's saturated rate, 8 connections
	local slower rate paced_connections=8 delay
	slower=$(awk "BEGIN { a = $(median tokens keycloak 3); b = $(median tokens strata 3); print (a < b) ? a : b }")
	rate=$(awk "BEGIN { r = $slower / 2; printf \"%d\", (r < 1) ? 1 : r }")
	delay=$(awk "BEGIN { d = $paced_connections * 1000 / $rate; printf \"%d\", (d < 1) ? 1 : d }")
	TOKEN_PACED_RATE=$rate
	echo "  paced: $rate tokens/s ($paced_connections connections)"
	for round in $(seq 1 "$ROUNDS"); do
		BENCH_AUTH=$keycloak_auth measure tokens-half keycloak keycloak "$keycloak" "$paced_connections" "$delay"
		BENCH_AUTH=$strata_auth measure tokens-half strata identity "$strata" "$paced_connections" "$delay"
	done
	unset BENCH_METHOD BENCH_BODY BENCH_CONTENT_TYPE
}

report() {
	local what=$1
	echo
	echo "Edge benchmark, $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, shared with whatever else runs on this machine"
	echo "(load average now $(cut -d' ' -f1-3 /proc/loadavg)); $ROUNDS interleaved rounds of ${SECONDS_PER_RUN} s per target,"
	echo "medians of the rounds; JVMs: $JVM_FLAGS; wrk -t2 on the same cores. CPU per request: the target's"
	echo "processes' utime+stime (/proc) over its requests."
	if [ "$what" != tokens ]; then
		echo
		header "GET, $CONNECTIONS connections, saturation"
		row sat direct "nginx backend, direct"
		row sat nginx "nginx reverse proxy"
		row sat bare "bare Spring Cloud Gateway"
		row sat library "gateway of libraries (security, observation)"
		row sat strata "Strata gateway, every policy on"
		echo
		header "GET at $PACED_RATE req/s (half of Strata's saturation)"
		row half bare "bare Spring Cloud Gateway"
		row half library "gateway of libraries (security, observation)"
		row half strata "Strata gateway, every policy on"
		echo
		local s b n
		s=$(median sat strata 3)
		b=$(median sat bare 3)
		n=$(median sat nginx 3)
		echo "Strata gateway / bare Spring Cloud Gateway: throughput $(ratio "$s" "$b") (goal >= 0.8),"
		echo "  CPU per request $(ratio "$(median sat strata 7)" "$(median sat bare 7)")x"
		echo "Strata gateway / nginx reverse proxy: throughput $(ratio "$s" "$n") (goal >= 0.3)"
		echo "Gateway of libraries / bare Spring Cloud Gateway: throughput $(ratio "$(median sat library 3)" "$b"),"
		echo "  CPU per request $(ratio "$(median sat library 7)" "$(median sat bare 7)")x (what authenticating with Spring Security"
		echo "  and observing each request cost before any of Strata's code)"
		echo "Strata gateway / gateway of libraries: throughput $(ratio "$s" "$(median sat library 3)")"
		echo "Added p95 over the bare gateway at $PACED_RATE req/s: $(awk "BEGIN { printf \"%+.2f\", $(median half strata 5) - $(median half bare 5) }") ms (goal < 2 ms)"
	fi
	if [ "$what" != gateway ]; then
		echo
		header "client_credentials, $TOKEN_CONNECTIONS connections, saturation"
		row tokens keycloak "Keycloak $KEYCLOAK_VERSION"
		row tokens strata "Strata identity"
		echo
		header "client_credentials at $TOKEN_PACED_RATE tokens/s"
		row tokens-half keycloak "Keycloak $KEYCLOAK_VERSION"
		row tokens-half strata "Strata identity"
		echo
		echo "Strata identity / Keycloak: tokens/s $(ratio "$(median tokens strata 3)" "$(median tokens keycloak 3)") (goal >= 3),"
		echo "  CPU per token $(ratio "$(median tokens strata 7)" "$(median tokens keycloak 7)")x; p95 at saturation $(median tokens strata 5) ms (goal < 25 ms)"
	fi
}

main() {
	local what=${1:-all}
	case $what in
	all | gateway | tokens | serve) ;;
	*) die "usage: ./strata bench edge [all|gateway|tokens|serve]" ;;
	esac
	strata_find_java
	check_tools
	mkdir -p "$LOGS" "$RUN"
	build_jars
	trap stop_all EXIT
	trap 'exit 130' INT TERM
	echo "Starting the anchors and the services under test (logs: ${LOGS#"$STRATA_ROOT"/})…"
	start_identity
	if [ "$what" != tokens ]; then
		start_nginx
		start_bare
		start_library
	fi
	if [ "$what" = all ] || [ "$what" = tokens ]; then
		start_keycloak
	fi
	await identity "http://127.0.0.1:$P_IDENTITY_MGMT/actuator/health/readiness"
	if [ "$what" != tokens ]; then
		start_gateway
		await bare "http://127.0.0.1:$P_BARE/v2/resources/bench-1"
		await library "http://127.0.0.1:$P_LIBRARY_MGMT/actuator/health/readiness"
		await gateway "http://127.0.0.1:$P_GATEWAY_MGMT/actuator/health/readiness"
	fi
	if [ "$what" = all ] || [ "$what" = tokens ]; then
		await keycloak "http://127.0.0.1:$P_KEYCLOAK_MGMT/health/ready"
		keycloak_client
	fi
	if [ "$what" = serve ]; then
		strata_token resources.read >"$WORK/token"
		echo "Serving until interrupted: backend :$P_BACKEND, nginx :$P_NGINX, bare :$P_BARE, libraries :$P_LIBRARY,"
		echo "gateway :$P_GATEWAY (GET /v2/resources/bench-1 with the token in ${WORK#"$STRATA_ROOT"/}/token),"
		echo "identity :$P_IDENTITY; pids in ${RUN#"$STRATA_ROOT"/}"
		wait
		return
	fi
	echo "Running (load average $(cut -d' ' -f1-3 /proc/loadavg))…"
	[ "$what" = tokens ] || bench_gateway
	[ "$what" = gateway ] || bench_tokens
	report "$what" | tee "$WORK/last-report.md"
	echo
	echo "(also in ${WORK#"$STRATA_ROOT"/}/last-report.md)"
}

main "$@"
