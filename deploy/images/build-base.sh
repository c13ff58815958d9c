#!/usr/bin/env bash
# deploy/images/build-base.sh — builds the local base image of the service images, once:
# .strata/images/strata-java-base.tar (docker-archive format, Jib's `tar://` base), holding
#   - a Java runtime jlinked from this machine's JDK (the modules Spring Boot, JDBC, JMX, JFR,
#     TLS and DNS need), in /opt/java;
#   - the shared libraries it needs (and bash, for healthchecks), copied from this machine's
#     Debian, at their paths; /etc/passwd and /etc/group with the user strata (10001);
#   - no package manager and no shell tools besides bash.
# Every file has time 0 and root ownership, in sorted order: the same inputs give the same tar.
# Production builds should use a maintained base from a registry instead (deploy/README.md):
#   ./mvnw -B package jib:build -Dstrata.image.base=eclipse-temurin:25-jre -Dstrata.image.registry=…
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=local-stack/lib/java.sh
. "$root/local-stack/lib/java.sh"
strata_find_java
out=${1:-$root/.strata/images/strata-java-base.tar}
java_home=$JAVA_HOME
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.rmi,java.scripting,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,jdk.charsets,jdk.unsupported,jdk.zipfs
[ ! -f "$out" ] || [ "${FORCE:-}" = 1 ] || { echo "build-base: $out exists (FORCE=1 rebuilds)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs/opt" "$rootfs/etc" "$rootfs/tmp" "$rootfs/app" "$rootfs/var/lib/strata" "$rootfs/bin"
echo "build-base: jlink $($java_home/bin/java -version 2>&1 | head -n 1)"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
	--compress=zip-6 --output "$rootfs/opt/java"
# a headless server: no X11, sound or splash screen libraries (and so none of their dependencies)
rm -f "$rootfs"/opt/java/lib/{libawt_xawt.so,libjawt.so,libsplashscreen.so,libjsound.so}
cp /bin/bash "$rootfs/bin/bash"
ln -s bash "$rootfs/bin/sh"
# the shared libraries of every ELF file, at their paths (symlinks resolved)
find "$rootfs/opt/java" "$rootfs/bin/bash" -type f \( -name '*.so' -o -perm -u+x \) -print0 |
	xargs -0 -n 1 ldd 2>/dev/null | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | grep -v "^$rootfs/" | sort -u |
	while read -r lib; do
		mkdir -p "$rootfs$(dirname "$lib")"
		cp -L "$lib" "$rootfs$lib"
	done
# the C++ runtime for native libraries the services unpack at run time (ONNX Runtime in ml-service)
for lib in libstdc++.so.6 libgcc_s.so.1; do
	path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ { p = $NF } END { print p }')
	[ -n "$path" ] || { echo "build-base: $lib not found (apt-get install libstdc++6)" >&2; exit 1; }
	mkdir -p "$rootfs$(dirname "$path")"
	cp -L "$path" "$rootfs$path"
done
cat >"$rootfs/etc/passwd" <<'PW'
root:x:0:0:root:/root:/sbin/nologin
strata:x:10001:10001:strata:/app:/sbin/nologin
PW
cat >"$rootfs/etc/group" <<'GR'
root:x:0:
strata:x:10001:
GR
echo 'hosts: files dns' >"$rootfs/etc/nsswitch.conf"
python3 "$here/docker_archive.py" "$rootfs" "$out" "$($java_home/bin/java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')"
echo "build-base: $out ($(du -h "$out" | cut -f1))"
