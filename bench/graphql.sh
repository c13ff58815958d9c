#!/usr/bin/env bash
# bench/graphql.sh: the same reads through REST and through GraphQL on one gateway, in one
# run, interleaved: one resource by id, a page of 20 and a page of 50 of one resource type.
# Prints req/s (median of the rounds, and their range), p50/p95 latency and GraphQL's ratio
# to REST for each read (the goal: GraphQL at least 0.8x REST), with the load average.
#
# Needs a running platform (./strata up: its services, PostgreSQL, Redis, Kafka) and wrk.
# It starts the gateway jar measured on 127.0.0.1:$BENCH_GQL_PORT (18700; management +1)
# against the platform's services, with the platform's mTLS certificate for the gateway
# when there is one, and a rate-limit plan so large that nothing is refused for the
# development tenant (REST and GraphQL pay the same bucket, and 50 req/s would be the
# measurement otherwise). It signs in as the development admin, creates a resource type and
# 60 resources over REST, checks each request answers what it should, warms the gateway
# up, then runs the rounds, and stops the gateway.
#
# Settings: BENCH_ROUNDS (5), BENCH_SECONDS (10, per read, protocol and round),
# BENCH_WARMUP (60 seconds of the same load first), BENCH_CONNECTIONS (32),
# BENCH_GATEWAY_JAR (default gateway-service/target/gateway-service.jar), BENCH_JVM_FLAGS
# (-Xms512m -Xmx512m -XX:+UseG1GC), BENCH_READS (which reads: "id 20 50"), STRATA_STACK (the platform's .strata directory: its
# stack.env, credentials and certificates; default .strata here), BENCH_GATEWAY_ENV (more
# environment for the gateway, VAR=value separated by spaces), BENCH_KEEP=1 (leave the
# gateway running; its pid is printed).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
STRATA_ROOT=${STRATA_ROOT:-$(dirname "$BENCH_DIR")}
ROUNDS=${BENCH_ROUNDS:-5}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-60}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
READS=${BENCH_READS:-id 20 50}
PORT=${BENCH_GQL_PORT:-18700}
LUA=$BENCH_DIR/wrk/bench.lua

die() {
	echo "bench graphql: $*" >&2
	exit 1
}

# shellcheck source=lib/platform-gateway.sh
. "$BENCH_DIR/lib/platform-gateway.sh"
start_gateway

# sign in; a resource type and 60 resources
sign_in
TYPE=bench_gql_$(date +%s)
curl -sf -o /dev/null -X POST -H "Authorization: $AUTH" -H 'Content-Type: application/json' "$URL/v2/resource-types" \
	-d '{"name": "'"$TYPE"'", "schema": {"type": "object"}, "lifecycle": {"initial": "open", "states": ["open"]}}' ||
	die "could not create the resource type"
for i in $(seq 1 60); do
	ID=$(curl -sf -X POST -H "Authorization: $AUTH" -H 'Content-Type: application/json' "$URL/v2/resources" \
		-d '{"type": "'"$TYPE"'", "attributes": {"title": "resource '"$i"'", "priority": '"$i"', "tags": ["a", "b"]}}' |
		json 'd["id"]')
done
FILTER="type = \"$TYPE\""
FILTER_Q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$FILTER")
FIELDS='id type typeVersion state attributes etag version createdAt updatedAt'
gql_body() {
	python3 -c 'import json, sys; print(json.dumps({"query": sys.argv[1], "variables": json.loads(sys.argv[2])}))' "$1" "$2"
}
BODY_ID=$(gql_body "query(\$id: ID!) { resource(id: \$id) { $FIELDS } }" '{"id": "'"$ID"'"}')
body_page() {
	gql_body "query(\$f: String, \$n: Int) { resources(filter: \$f, first: \$n) { nodes { $FIELDS } pageInfo { hasNextPage endCursor } } }" \
		"$(python3 -c 'import json, sys; print(json.dumps({"f": sys.argv[1], "n": int(sys.argv[2])}))' "$FILTER" "$1")"
}

# each request answers what it should (the search read model takes about a second)
check_gql() {
	local body=$1 expr=$2 want=$3 got
	got=$(curl -sf -X POST -H "Authorization: $AUTH" -H 'Content-Type: application/json' -d "$body" "$URL/graphql" |
		json "'errors' in d and d['errors'] or $expr")
	[ "$got" = "$want" ] || die "GraphQL answered $got, not $want"
}
TARGETS=()
for read in $READS; do
	case $read in
	id)
		[ "$(curl -sf -H "Authorization: $AUTH" "$URL/v2/resources/$ID" | json 'd["id"]')" = "$ID" ] || die "REST by id failed"
		check_gql "$BODY_ID" 'd["data"]["resource"]["id"]' "$ID"
		# name|method|path|body
		TARGETS+=("rest-id|GET|/v2/resources/$ID|" "graphql-id|POST|/graphql|$BODY_ID")
		;;
	20 | 50)
		for _ in $(seq 1 30); do
			n=$(curl -sf -H "Authorization: $AUTH" "$URL/v2/resources?page_size=$read&filter=$FILTER_Q" | json 'len(d["items"])') || n=0
			[ "$n" = "$read" ] && break
			sleep 1
		done
		[ "$n" = "$read" ] || die "GET /v2/resources shows $n of the $read resources asked for"
		body=$(body_page "$read")
		check_gql "$body" 'len(d["data"]["resources"]["nodes"])' "$read"
		TARGETS+=("rest-$read|GET|/v2/resources?page_size=$read&filter=$FILTER_Q|" "graphql-$read|POST|/graphql|$body")
		;;
	*) die "BENCH_READS: id, 20 or 50, not $read" ;;
	esac
done

# one wrk run: prints "requests duration_us p50 p95 non2xx errors"
run() {
	local spec=$1 seconds=$2 name method path body
	IFS='|' read -r name method path body <<<"$spec"
	BENCH_METHOD=$method BENCH_BODY=$body BENCH_AUTH=$AUTH BENCH_CONTENT_TYPE=application/json \
		wrk -t2 "-c$CONNECTIONS" "-d${seconds}s" -s "$LUA" "$URL$path" |
		sed -n 's/^BENCH requests=\([0-9]*\) duration_us=\([0-9]*\) p50=\([0-9]*\) p95=\([0-9]*\) p99=[0-9]* non2xx=\([0-9]*\) socket_errors=\([0-9]*\)$/\1 \2 \3 \4 \5 \6/p'
}

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Warming up for ${WARMUP}s…"
per=$((WARMUP / ${#TARGETS[@]} + 1))
for spec in "${TARGETS[@]}"; do
	run "$spec" "$per" >/dev/null
done

echo "$ROUNDS rounds of ${SECONDS_PER_RUN}s per read and protocol, $CONNECTIONS connections…"
for round in $(seq 1 "$ROUNDS"); do
	for spec in "${TARGETS[@]}"; do
		name=${spec%%|*}
		echo "$name $(run "$spec" "$SECONDS_PER_RUN")" >>"$WORK/results"
	done
	echo "  round $round done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$WORK/results" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, requests, duration, p50, p95, non2xx, errors = line.split()
    runs.setdefault(name, []).append((int(requests) / (int(duration) / 1e6), int(p50) / 1000, int(p95) / 1000,
                                     int(non2xx), int(errors)))
def cell(name):
    r = runs[name]
    rates = [x[0] for x in r]
    return (statistics.median(rates), min(rates), max(rates), statistics.median(x[1] for x in r),
            statistics.median(x[2] for x in r), sum(x[3] + x[4] for x in r))
print()
print("| read | REST req/s (range) | REST p50/p95 ms | GraphQL req/s (range) | GraphQL p50/p95 ms | GraphQL/REST |")
print("|---|---|---|---|---|---|")
for read, label in (("id", "one resource by id"), ("20", "a page of 20"), ("50", "a page of 50")):
    if "rest-" + read not in runs:
        continue
    rest, gql = cell("rest-" + read), cell("graphql-" + read)
    print(f"| {label} | {rest[0]:.0f} ({rest[1]:.0f}-{rest[2]:.0f}) | {rest[3]:.1f}/{rest[4]:.1f} "
          f"| {gql[0]:.0f} ({gql[1]:.0f}-{gql[2]:.0f}) | {gql[3]:.1f}/{gql[4]:.1f} | {gql[0] / rest[0]:.2f}x |")
    if rest[5] or gql[5]:
        print(f"|   failed requests | {rest[5]} | | {gql[5]} | | |")
EOF
