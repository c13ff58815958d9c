#!/usr/bin/env bash
# deploy/tools/build-kube.sh — builds kube-apiserver and etcd once from the Go module proxy
# into ~/.cache/strata/tools/kube-<version>/ (or $STRATA_TOOLS_DIR) (kube-apiserver, etcd). `./strata deploy check` uses
# them for the server-side dry run of the Helm chart and the Argo CD manifests, and skips
# that part when they are absent. Slow the first time (about 10 minutes on 2 cores).
#
# k8s.io/kubernetes is not meant to be a dependency: its go.mod replaces the k8s.io/*
# staging modules with ./staging/src/k8s.io/*, which a consumer cannot see. The module
# below replaces each of them with the published k8s.io/<name> v0.<minor>.<patch>.
set -euo pipefail
KUBE_VERSION=${KUBE_VERSION:-v1.34.4}
ETCD_VERSION=${ETCD_VERSION:-v3.6.16}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out="${STRATA_TOOLS_DIR:-$HOME/.cache/strata/tools}/kube-$KUBE_VERSION"
if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ]; then
	echo "build-kube: $out already has kube-apiserver and etcd"
	exit 0
fi
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
staging_version="v0.${KUBE_VERSION#v1.}"
export GOFLAGS=-mod=mod CGO_ENABLED=0

echo "build-kube: kube-apiserver $KUBE_VERSION (k8s.io staging modules $staging_version)"
mkdir -p "$work/kube"
cd "$work/kube"
go mod init strata.local/kube-tools >/dev/null 2>&1
go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" >/dev/null
kmod=$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
{
	echo
	echo "require k8s.io/kubernetes $KUBE_VERSION"
	echo "replace ("
	sed -n 's#^\t\(k8s.io/[a-z0-9-]*\) => ./staging/src/k8s.io/.*#\t\1 => \1 '"$staging_version"'#p' "$kmod"
	echo ")"
} >>go.mod
cat >tools.go <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
go mod tidy >/dev/null
go build -trimpath -ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION" -o "$out/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver

echo "build-kube: etcd $ETCD_VERSION"
mkdir -p "$work/etcd"
cd "$work/etcd"
go mod init strata.local/etcd >/dev/null 2>&1
cat >main.go <<'GO'
// etcd's own main (go.etcd.io/etcd/v3) is not installable from the proxy (replace
// directives); this is the same one line.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null
go mod tidy >/dev/null
go build -trimpath -ldflags="-s -w" -o "$out/etcd" .
echo "build-kube: built $out/kube-apiserver and $out/etcd"
