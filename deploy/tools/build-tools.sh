#!/usr/bin/env bash
# deploy/tools/build-tools.sh — builds the small Go tools of ./strata deploy check once from
# the Go module proxy into ~/.cache/strata/tools (or $STRATA_TOOLS_DIR), shared by every clone:
#   promtool-<version>/promtool            Prometheus' rule checker and rule unit tests
#   compose-check-<version>/compose-check  deploy/tools/compose-check (compose-go's loader)
# Each is built only when missing. The Go build cache makes a rebuild on the same machine quick.
set -euo pipefail
PROMETHEUS_VERSION=v0.316.0
COMPOSE_GO_VERSION=v2.16.2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tools=${STRATA_TOOLS_DIR:-$HOME/.cache/strata/tools}
export GOFLAGS=-mod=mod CGO_ENABLED=0

want=${1:-all}
if [ "$want" = all ] || [ "$want" = compose-check ]; then
	out="$tools/compose-check-$COMPOSE_GO_VERSION"
	# rebuilt when its source changes too (the stamp is the hash of main.go and go.mod)
	source=$(cat "$here/compose-check/main.go" "$here/compose-check/go.mod" | sha256sum | cut -c1-16)
	if [ ! -x "$out/compose-check" ] || [ "$(cat "$out/source" 2>/dev/null)" != "$source" ]; then
		echo "build-tools: building compose-check (compose-go $COMPOSE_GO_VERSION, once per source)"
		(cd "$here/compose-check" && go mod tidy >/dev/null 2>&1 && go build -trimpath -o "$out/compose-check" .)
		echo "$source" >"$out/source"
	fi
fi
if [ "$want" = all ] || [ "$want" = promtool ]; then
	out="$tools/promtool-$PROMETHEUS_VERSION"
	if [ ! -x "$out/promtool" ]; then
		echo "build-tools: building promtool (github.com/prometheus/prometheus $PROMETHEUS_VERSION, once)"
		GOBIN="$out" go install "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_VERSION"
	fi
fi
