#!/usr/bin/env bash
# deploy/images/build.sh [SERVICE...] — builds the services' OCI images with Jib, without a
# Docker daemon, into <service>/target/jib-image.tar (load with `podman load -i …`): the local
# base from build-base.sh (built once), user 10001, OCI labels (source, revision, version), the
# CycloneDX SBOM in the image (/app/classes/META-INF/sbom/application.cdx.json, also served
# at /actuator/sbom), reproducible layers (fixed times). Default: all six services.
# To a registry instead: ./mvnw -B package -Pimage -DskipTests -pl <service> -am \
#   com.google.cloud.tools:jib-maven-plugin:build -Dstrata.image.base=… -Dstrata.image.registry=…
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=local-stack/lib/java.sh
. "$root/local-stack/lib/java.sh"
strata_find_java
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(gateway-service identity-service workflow-service analytics-service ml-service notification-service)
"$here/build-base.sh"
revision=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
cd "$root"
./mvnw -B -q package -Pimage -DskipTests "-Dstrata.revision=$revision" -pl "$(IFS=,; echo "${services[*]}")" -am \
	com.google.cloud.tools:jib-maven-plugin:buildTar
for service in "${services[@]}"; do
	echo "images: $service/target/jib-image.tar ($(du -h "$service/target/jib-image.tar" | cut -f1))"
done
