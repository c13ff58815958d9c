#!/usr/bin/env bash
# ./strata drill [quick|full] [SCENARIO...]: the fault drills (bench/DRILLS.md) against
# the platform that ./strata up runs (started if it is not running).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode=quick
case ${1:-} in
quick | full) mode=$1 && shift ;;
-h | --help)
	echo "usage: ./strata drill [quick|full] [notification|workflow|redis|kafka|postgres|elasticsearch ...]"
	exit 0
	;;
esac
scenarios=$(echo "$*" | tr ' ' ',')
. local-stack/lib/java.sh
strata_find_java
exec ./mvnw -B verify -Pe2e -pl e2e-tests -Dtest=FaultDrillEndToEndTests -Dsurefire.failIfNoSpecifiedTests=false \
	-Dstrata.drill.mode="$mode" -Dstrata.drill.scenarios="$scenarios"
