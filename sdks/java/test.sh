#!/usr/bin/env bash
# Builds the Java SDK and runs its tests: generates the models from ../../api/openapi.json, compiles for
# Java 17, runs the unit tests and, when STRATA_BASE_URL is set, the integration tests against that
# platform (they are skipped, with a message, when it is not). Exits non-zero on any failure.
#   sdks/java/test.sh                                        # unit tests; integration ones skipped
#   STRATA_BASE_URL=http://127.0.0.1:8080 sdks/java/test.sh  # + integration (credentials from
#                                                            #   STRATA_CLIENT_ID/SECRET or ./strata credentials)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
	export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

spec="$root/api/openapi.json"
if [ ! -f "$spec" ]; then
	echo "test.sh: $spec is missing: the models are generated from it" >&2
	exit 1
fi

# The development client that ./strata up created (STRATA_CREDENTIALS_FILE names another checkout's file).
credentials="${STRATA_CREDENTIALS_FILE:-$root/.strata/data/credentials.json}"
if [ -n "${STRATA_BASE_URL:-}" ] && [ -z "${STRATA_CLIENT_ID:-}" ] && [ -f "$credentials" ]; then
	STRATA_CLIENT_ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["client_id"])' "$credentials")"
	STRATA_CLIENT_SECRET="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["client_secret"])' "$credentials")"
	export STRATA_CLIENT_ID STRATA_CLIENT_SECRET
fi
if [ -z "${STRATA_BASE_URL:-}" ]; then
	echo "test.sh: STRATA_BASE_URL is not set: the integration tests (PlatformIT) will be skipped" >&2
fi

exec "$root/mvnw" -B -ntp -f "$here/pom.xml" -Pintegration -Dstrata.openapi="$spec" clean verify "$@"
