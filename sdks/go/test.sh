#!/usr/bin/env bash
# The Go SDK's one command: pinned dependencies, types regenerated from the API document
# (failing when the committed api/api.gen.go is stale), vet, build, unit tests and, when
# STRATA_BASE_URL (with STRATA_CLIENT_ID, STRATA_CLIENT_SECRET) is set, integration tests
# against the running platform. Needs only the Go toolchain (1.23 or newer).
set -euo pipefail
cd "$(dirname "$0")"

spec=../../api/openapi.json
if [[ ! -f $spec ]]; then
	echo "test.sh: $spec is missing (the SDK's types are generated from it)" >&2
	exit 1
fi

echo "== dependencies (go.sum)"
go mod download
go mod verify

echo "== generate types from $spec (oapi-codegen, pinned in api/generate.go)"
committed=$(mktemp)
trap 'rm -f "$committed" "${log:-}"' EXIT
cp api/api.gen.go "$committed"
go generate ./...
if ! cmp -s "$committed" api/api.gen.go; then
	diff -u "$committed" api/api.gen.go | head -40 >&2 || true
	echo "test.sh: api/api.gen.go differs from a fresh generation from $spec; commit the regenerated file" >&2
	exit 1
fi

echo "== vet and build"
if [[ -n $(gofmt -l .) ]]; then
	echo "test.sh: not gofmt'ed: $(gofmt -l .)" >&2
	exit 1
fi
go vet ./...
go build ./...

echo "== tests"
if [[ -z ${STRATA_BASE_URL:-} ]]; then
	echo "(STRATA_BASE_URL is not set: the integration tests will be skipped)"
fi
log=$(mktemp)
status=0
go test -count=1 -v ./... 2>&1 | tee "$log" || status=$?
passed=$(grep -c -- '^--- PASS' "$log" || true)
failed=$(grep -c -- '^--- FAIL' "$log" || true)
skipped=$(grep -c -- '^--- SKIP' "$log" || true)
echo "go sdk: $passed passed, $failed failed, $skipped skipped"
exit $status
