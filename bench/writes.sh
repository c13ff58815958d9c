#!/usr/bin/env bash
# bench/writes.sh: POST /v2/resources through the gateway at a paced rate (issue 18's goal:
# p95 < 25 ms at 500 requests/s), with every edge policy on: the token, the route's scope,
# the rate limit, JSON-Schema validation of the body and idempotency (a new
# Idempotency-Key on every request), all the way to workflow's PostgreSQL and outbox. In the
# same run and at the same pace, GET /v2/resources/{id} through the same gateway: what a
# read costs beside a write. Interleaved rounds; prints the rate each achieved, p50/p95/p99
# (median of the rounds, and their range) and failed requests, with the load average.
#
# Needs a running platform (./strata up --prod: its services, PostgreSQL, Redis, Kafka) and
# wrk. It starts the gateway jar measured on 127.0.0.1:$BENCH_WRITES_PORT (18710;
# management +1) against the platform's services (bench/lib/platform-gateway.sh), signs
# in as the development admin, defines a resource type with a schema, checks that the
# gateway refuses a body the schema refuses and answers a repeated Idempotency-Key with the
# first answer, warms up, calibrates each connection's pause so the rate asked is what is
# sent, then runs the rounds, and stops the gateway.
#
# Settings: BENCH_RATE (500 requests/s), BENCH_ROUNDS (5), BENCH_SECONDS (10, per target and
# round), BENCH_WARMUP (60), BENCH_CONNECTIONS (32), BENCH_GATEWAY_JAR, BENCH_JVM_FLAGS,
# STRATA_STACK, BENCH_GATEWAY_ENV, BENCH_KEEP=1 (see bench/lib/platform-gateway.sh).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
STRATA_ROOT=${STRATA_ROOT:-$(dirname "$BENCH_DIR")}
RATE=${BENCH_RATE:-500}
ROUNDS=${BENCH_ROUNDS:-5}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-60}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_WRITES_PORT:-18710}
LUA=$BENCH_DIR/wrk/bench.lua

die() {
	echo "bench writes: $*" >&2
	exit 1
}

# shellcheck source=lib/platform-gateway.sh
. "$BENCH_DIR/lib/platform-gateway.sh"
start_gateway
sign_in

TYPE=bench_writes_$(date +%s)
curl -sf -o /dev/null -X POST -H "Authorization: $AUTH" -H 'Content-Type: application/json' "$URL/v2/resource-types" \
	-d '{"name": "'"$TYPE"'", "schema": {"type": "object", "required": ["title"], "properties": {
	      "title": {"type": "string", "maxLength": 200}, "priority": {"type": "integer", "minimum": 0},
	      "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10}}},
	    "lifecycle": {"initial": "open", "states": ["open"]}}' ||
	die "could not create the resource type"
BODY='{"type": "'"$TYPE"'", "attributes": {"title": "a ticket written by the benchmark", "priority": 3, "tags": ["a", "b"]}}'

# the policies are on: a body the schema refuses is refused, a repeated key is answered once
post() {
	curl -s -o "$WORK/answer" -w '%{http_code}' -X POST -H "Authorization: $AUTH" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: $1" -d "$2" "$URL/v2/resources"
}
status=''
for _ in $(seq 1 30); do # the gateway learns the new type's schema from its event
	status=$(post "bench-check-bad-$RANDOM" '{"type": "'"$TYPE"'", "attributes": {"title": 7}}')
	[ "$status" = 400 ] && break
	sleep 1
done
[ "$status" = 400 ] || die "a body the schema refuses was answered $status, not 400: $(cat "$WORK/answer")"
key=bench-check-$RANDOM$RANDOM
[ "$(post "$key" "$BODY")" = 201 ] || die "POST /v2/resources answered $(cat "$WORK/answer")"
ID=$(json 'd["id"]' <"$WORK/answer")
post "$key" "$BODY" >/dev/null
[ "$(json 'd["id"]' <"$WORK/answer")" = "$ID" ] || die "a repeated Idempotency-Key created another resource"
[ "$(curl -sf -H "Authorization: $AUTH" "$URL/v2/resources/$ID" | json 'd["id"]')" = "$ID" ] || die "GET by id failed"

# name|method|path|body|idempotency
TARGETS=("post|POST|/v2/resources|$BODY|1" "get|GET|/v2/resources/$ID||0")

# one wrk run: prints "requests duration_us p50 p95 p99 failed"
run() {
	local spec=$1 seconds=$2 delay=$3 name method path body idempotency
	IFS='|' read -r name method path body idempotency <<<"$spec"
	BENCH_METHOD=$method BENCH_BODY=$body BENCH_AUTH=$AUTH BENCH_CONTENT_TYPE=application/json \
		BENCH_IDEMPOTENCY=$idempotency BENCH_DELAY_MS=$delay \
		wrk -t2 "-c$CONNECTIONS" "-d${seconds}s" --timeout 10s -s "$LUA" "$URL$path" |
		sed -n 's/^BENCH requests=\([0-9]*\) duration_us=\([0-9]*\) p50=\([0-9]*\) p95=\([0-9]*\) p99=\([0-9]*\) non2xx=\([0-9]*\) socket_errors=\([0-9]*\)$/\1 \2 \3 \4 \5 \6 \7/p' |
		awk '{ print $1, $2, $3, $4, $5, $6 + $7 }'
}

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# wrk paces by pausing each connection between its requests, so a connection sends once per
# pause + latency: the pause is the nominal one less the latency seen while warming up
nominal=$((CONNECTIONS * 1000 / RATE))
declare -A DELAY
echo "Warming up for ${WARMUP}s at about $RATE req/s…"
for spec in "${TARGETS[@]}"; do
	name=${spec%%|*}
	read -r _ _ p50 _ <<<"$(run "$spec" $((WARMUP / ${#TARGETS[@]} + 1)) "$nominal")"
	DELAY[$name]=$(awk "BEGIN { d = $nominal - $p50 / 1000; printf \"%d\", (d < 1) ? 1 : d }")
	echo "  $name: pause ${DELAY[$name]} ms per connection (p50 while warming up: $((p50 / 1000)) ms)"
done

echo "$ROUNDS rounds of ${SECONDS_PER_RUN}s per target, $CONNECTIONS connections…"
for round in $(seq 1 "$ROUNDS"); do
	for spec in "${TARGETS[@]}"; do
		name=${spec%%|*}
		echo "$name $(run "$spec" "$SECONDS_PER_RUN" "${DELAY[$name]}")" >>"$WORK/results"
	done
	echo "  round $round done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$WORK/results" "$RATE" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, requests, duration, p50, p95, p99, failed = line.split()
    runs.setdefault(name, []).append((int(requests) / (int(duration) / 1e6), int(p50) / 1000, int(p95) / 1000,
                                     int(p99) / 1000, int(failed)))
print()
print(f"| at {sys.argv[2]} req/s asked | req/s sent (range) | p50 ms | p95 ms (range) | p99 ms | failed |")
print("|---|---|---|---|---|---|")
for name, label in (("post", "POST /v2/resources (schema, idempotency)"), ("get", "GET /v2/resources/{id}")):
    r = runs[name]
    rates, p95s = [x[0] for x in r], [x[2] for x in r]
    print(f"| {label} | {statistics.median(rates):.0f} ({min(rates):.0f}-{max(rates):.0f}) "
          f"| {statistics.median(x[1] for x in r):.1f} | {statistics.median(p95s):.1f} ({min(p95s):.1f}-{max(p95s):.1f}) "
          f"| {statistics.median(x[3] for x in r):.1f} | {sum(x[4] for x in r)} |")
PY
