#!/usr/bin/env bash
# bench/writes.sh: POST /v2/resources through the gateway at a constant offered rate (issue
# 18's goal: p95 < 25 ms at 500 requests/s), with every edge policy on: the token, the
# route's scope, the rate limit, JSON-Schema validation of the body and idempotency (a new
# Idempotency-Key on every request), all the way to workflow's PostgreSQL and outbox. In the
# same run and at the same rate, GET /v2/resources/{id} through the same gateway: what a read
# costs beside a write.
#
# The load is open-loop (vegeta, pinned below): requests leave on a fixed schedule whatever
# the answers' latency, and each latency is taken from the request's intended send time (its
# sequence number / rate after the first), so a stalled server is not hidden by a client
# that waits (no coordinated omission). Prints, per target: the rate offered, the rate
# achieved (sent and answered 2xx per second), p50/p95/p99 from the intended send time, the
# errors, the gateway's CPU per request (/proc) and the load average; first a short sweep of
# rates (POST and GET, one run each) so the knee is visible.
#
# Needs a running platform (./strata up --prod: its services, PostgreSQL, Redis, Kafka) and
# Go the first time (vegeta is built once from the Go module proxy into
# ${STRATA_TOOLS_DIR:-~/.cache/strata/tools}, like api/check's oasdiff). It starts the
# gateway jar measured on 127.0.0.1:$BENCH_WRITES_PORT (18710; management +1) against the
# platform's services (bench/lib/platform-gateway.sh), signs in as the development admin,
# defines a resource type with a schema, checks that the gateway refuses a body the schema
# refuses and answers a repeated Idempotency-Key with the first answer, warms up, runs the
# sweep (rising rates), then the rounds, and stops the gateway. After each run it waits until
# the gateway and the machine are idle, so what an overloaded run left queued does not land in
# the next.
#
# Settings: BENCH_RATE (500 requests/s), BENCH_ROUNDS (3), BENCH_SECONDS (10, per target and
# round), BENCH_WARMUP (60 s, split between the targets) at BENCH_WARMUP_RATE (100 req/s:
# below the knee, so the JIT warms up on answered requests), BENCH_SWEEP ("50 100 200 400";
# empty: none), BENCH_SWEEP_SECONDS (10), BENCH_TARGETS ("post get"), BENCH_MAX_WORKERS
# (2000: vegeta's in-flight requests at most; beyond it requests leave late, which the
# latency from the intended send time counts), BENCH_GATEWAY_JAR, BENCH_JVM_FLAGS,
# STRATA_STACK, BENCH_GATEWAY_ENV, BENCH_KEEP=1 (see bench/lib/platform-gateway.sh).
set -euo pipefail

VEGETA_VERSION=v12.13.0
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
STRATA_ROOT=${STRATA_ROOT:-$(dirname "$BENCH_DIR")}
RATE=${BENCH_RATE:-500}
ROUNDS=${BENCH_ROUNDS:-3}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-60}
WARMUP_RATE=${BENCH_WARMUP_RATE:-100}
SWEEP=${BENCH_SWEEP-50 100 200 400}
SWEEP_SECONDS=${BENCH_SWEEP_SECONDS:-10}
read -r -a NAMES <<<"${BENCH_TARGETS:-post get}"
MAX_WORKERS=${BENCH_MAX_WORKERS:-2000}
PORT=${BENCH_WRITES_PORT:-18710}
BENCH_NEEDS_WRK=0

die() {
	echo "bench writes: $*" >&2
	exit 1
}

VEGETA="${STRATA_TOOLS_DIR:-$HOME/.cache/strata/tools}/vegeta-$VEGETA_VERSION/vegeta"
if [ ! -x "$VEGETA" ]; then
	command -v go >/dev/null || die "needs vegeta $VEGETA_VERSION at $VEGETA, or Go to build it"
	echo "bench writes: building vegeta $VEGETA_VERSION (once)"
	GOBIN=$(dirname "$VEGETA") CGO_ENABLED=0 GOFLAGS=-mod=mod go install "github.com/tsenart/vegeta/v12@$VEGETA_VERSION"
fi

# shellcheck source=lib/platform-gateway.sh
. "$BENCH_DIR/lib/platform-gateway.sh"
start_gateway
sign_in

TYPE=bench_writes_$(date +%s)_$PORT
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

# vegeta's targets, read lazily: each POST with an Idempotency-Key of its own
targets() {
	python3 - "$1" "$URL" "$AUTH" "$BODY" "$ID" <<'PY'
import base64, json, sys, time
name, url, auth, body, rid = sys.argv[1:]
headers = {"Authorization": [auth]}
if name == "get":
    line = json.dumps({"method": "GET", "url": f"{url}/v2/resources/{rid}", "header": headers}) + "\n"
    try:
        while True:
            sys.stdout.write(line * 100)
    except BrokenPipeError:
        sys.exit(0)
headers["Content-Type"] = ["application/json"]
encoded = base64.b64encode(body.encode()).decode()
run = f"bench-{time.time_ns()}-"
try:
    n = 0
    while True:
        lines = []
        for _ in range(100):
            n += 1
            headers["Idempotency-Key"] = [run + str(n)]
            lines.append(json.dumps({"method": "POST", "url": f"{url}/v2/resources", "body": encoded, "header": headers}))
        sys.stdout.write("\n".join(lines) + "\n")
except BrokenPipeError:
    sys.exit(0)
PY
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$GATEWAY_PID/stat"; }

# the machine's busy and total CPU ticks (all cores, /proc/stat)
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

# after a run, until the gateway is idle (under a tenth of a core for a second) and so is the
# machine (under a quarter of its cores: the services behind the gateway, ml's embeddings,
# Elasticsearch and PostgreSQL work off what an overloaded run queued after the gateway has
# answered), at most 120 s: what a run left queued does not land in the next one
settle() {
	local before after busy0 total0 busy1 total1
	for _ in $(seq 1 120); do
		before=$(cpu_ticks)
		read -r busy0 total0 < <(machine_ticks)
		sleep 1
		after=$(cpu_ticks)
		read -r busy1 total1 < <(machine_ticks)
		[ $((after - before)) -lt 10 ] && [ $(((busy1 - busy0) * 4)) -lt $((total1 - total0)) ] && return 0
	done
	echo "  (the gateway or the machine was still busy 120 s after a run)"
}

# one open-loop run: appends "label name rate sent ok p50 p95 p99 errors cpu_us_per_request first_error"
# (latencies in ms from the intended send time) to $WORK/results when a label is given
run() {
	local label=$1 name=$2 rate=$3 seconds=$4 before after
	sign_in # a fresh token each run: a long sweep outlives one
	before=$(cpu_ticks)
	targets "$name" 2>/dev/null | "$VEGETA" attack -lazy -format=json -rate="$rate/s" -duration="${seconds}s" \
		-timeout=10s -max-body=0 -max-workers="$MAX_WORKERS" -http2=false >"$WORK/hits.bin" || true
	after=$(cpu_ticks)
	settle
	[ -n "$label" ] || return 0
	"$VEGETA" encode --to csv "$WORK/hits.bin" |
		python3 -c '
import csv, sys
label, name, rate, seconds, ticks = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
hits = sorted((int(r[8]), int(r[0]), int(r[2]), int(r[1]), r[5]) for r in csv.reader(sys.stdin))
if not hits:
    print(label, name, rate, 0, 0, 0, 0, 0, 0, 0, "no-requests"); sys.exit()
t0 = hits[0][1] - hits[0][0] * 1e9 / rate
late = [max(lat, ts + lat - (t0 + seq * 1e9 / rate)) / 1e6 for seq, ts, lat, code, err in hits]
late.sort()
pct = lambda p: late[min(len(late) - 1, int(p / 100 * len(late)))]
ok = sum(1 for h in hits if 200 <= h[3] < 300)
errors = [(h[4] or str(h[3])) for h in hits if not 200 <= h[3] < 300]
first = errors[0].replace(" ", "_")[:80] if errors else "-"
print(label, name, rate, len(hits) / seconds, ok / seconds, f"{pct(50):.2f}", f"{pct(95):.2f}", f"{pct(99):.2f}",
      len(errors), f"{ticks * 10000 / max(ok, 1):.0f}", first)
' "$label" "$name" "$rate" "$seconds" "$((after - before))" >>"$WORK/results"
}

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Warming up for ${WARMUP}s at $WARMUP_RATE req/s…"
for name in "${NAMES[@]}"; do
	run '' "$name" "$WARMUP_RATE" $((WARMUP / ${#NAMES[@]} + 1))
done
for rate in $SWEEP; do
	for name in "${NAMES[@]}"; do
		run sweep "$name" "$rate" "$SWEEP_SECONDS"
	done
	echo "  sweep at $rate req/s done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "$ROUNDS rounds of ${SECONDS_PER_RUN}s per target at $RATE req/s offered…"
for round in $(seq 1 "$ROUNDS"); do
	for name in "${NAMES[@]}"; do
		run rounds "$name" "$RATE" "$SECONDS_PER_RUN"
	done
	echo "  round $round done (load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

touch "$WORK/results"
python3 - "$WORK/results" <<'PY'
import statistics, sys
labels = {"post": "POST /v2/resources (schema, idempotency)", "get": "GET /v2/resources/{id}"}
rounds, sweep = {}, []
for line in open(sys.argv[1]):
    label, name, rate, sent, ok, p50, p95, p99, errors, cpu, first = line.split()
    row = (float(rate), float(sent), float(ok), float(p50), float(p95), float(p99), int(errors), int(cpu), first)
    (rounds.setdefault(name, []) if label == "rounds" else sweep).append((name, row) if label == "sweep" else row)
if rounds:
    print("\nRounds (median of the rounds; range in brackets); latency from the intended send time:\n")
    print("| target | offered req/s | sent req/s | 2xx req/s (range) | p50 ms | p95 ms (range) | p99 ms | errors | gateway CPU µs/req |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in rounds.items():
        med = lambda i: statistics.median(x[i] for x in r)
        print(f"| {labels[name]} | {r[0][0]:.0f} | {med(1):.0f} | {med(2):.0f} ({min(x[2] for x in r):.0f}-{max(x[2] for x in r):.0f}) "
              f"| {med(3):.1f} | {med(4):.1f} ({min(x[4] for x in r):.1f}-{max(x[4] for x in r):.1f}) | {med(5):.1f} "
              f"| {sum(x[6] for x in r)} | {med(7):.0f} |")
    errs = {x[8] for r in rounds.values() for x in r if x[8] != "-"}
    if errs:
        print("\nFirst error of a round: " + ", ".join(sorted(errs)))
if sweep:
    print("\nSweep (one run per rate):\n")
    print("| target | offered req/s | 2xx req/s | p50 ms | p95 ms | p99 ms | errors | gateway CPU µs/req |")
    print("|---|---|---|---|---|---|---|---|")
    for name, x in sweep:
        print(f"| {labels[name]} | {x[0]:.0f} | {x[2]:.0f} | {x[3]:.1f} | {x[4]:.1f} | {x[5]:.1f} | {x[6]} | {x[7]} |")
PY
