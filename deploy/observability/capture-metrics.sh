#!/usr/bin/env bash
# Captures the metric names the running services export (./strata up) into
# exported-metrics.txt, which the deploy checks compare the dashboards and rules with.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for port in "${STRATA_GATEWAY_MANAGEMENT_PORT:-9080}" 9181 9182 9183 9184 9185; do
	curl -fsS -m 20 "http://127.0.0.1:$port/actuator/prometheus" >>"$tmp" || echo "capture-metrics: nothing from port $port" >&2
done
{
	sed -n '1,3p' "$here/exported-metrics.txt"
	grep -v '^#' "$tmp" | sed 's/[{ ].*//' | sort -u
} >"$here/exported-metrics.txt.new"
mv "$here/exported-metrics.txt.new" "$here/exported-metrics.txt"
echo "capture-metrics: $(grep -vc '^#' "$here/exported-metrics.txt") names"
