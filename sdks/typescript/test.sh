#!/usr/bin/env bash
# The TypeScript SDK's one command: pinned dependencies (package-lock.json), types generated
# from the API document (openapi-typescript), type check, build to dist with declarations, a
# check that the package's entry point loads, unit tests and, when STRATA_BASE_URL (with
# STRATA_CLIENT_ID, STRATA_CLIENT_SECRET) is set, integration tests against the running
# platform. Needs only Node 20 or newer (with npm).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

spec=../../api/openapi.json
if [[ ! -f $spec ]]; then
	echo "test.sh: $spec is missing (the SDK's types are generated from it)" >&2
	exit 1
fi
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
	echo "test.sh: Node 20 or newer is needed (found $(node --version))" >&2
	exit 1
fi

echo "== dependencies (package-lock.json)"
# npm ci starts from scratch; skip it when node_modules already holds exactly the lock file.
if [[ -f node_modules/.package-lock.json ]] && node -e '
	const fs = require("fs");
	const want = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
	const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json", "utf8")).packages;
	for (const [k, v] of Object.entries(want)) if (k && (!have[k] || have[k].version !== v.version)) process.exit(1);
'; then
	echo "node_modules matches package-lock.json"
else
	npm ci --no-audit --no-fund --prefer-offline
fi

echo "== generate types from $spec (openapi-typescript, pinned)"
npm run --silent generate

echo "== type check and build"
npx tsc -p tsconfig.test.json
npm run --silent build
# The package's own entry point, as users import it.
node --input-type=module -e '
	import { Strata, StrataError, VERSION } from "@strata/sdk";
	if (typeof Strata !== "function" || typeof StrataError !== "function" || VERSION !== "2.0.0") process.exit(1);
'
test -f dist/index.d.ts

echo "== tests"
if [[ -z ${STRATA_BASE_URL:-} ]]; then
	echo "(STRATA_BASE_URL is not set: the integration tests will be skipped)"
fi
report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" || status=$?
node -e '
	const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
	console.log(`typescript sdk: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' "$report" || true
if [[ $status -eq 0 && -n ${STRATA_BASE_URL:-} ]]; then
	echo "== the README's quickstart (examples/quickstart.mjs) against $STRATA_BASE_URL"
	node examples/quickstart.mjs || status=$?
fi
exit $status
