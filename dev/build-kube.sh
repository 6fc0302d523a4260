#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd from Go modules and lays them out where fabric8
# kube-api-test finds them: $KUBE_API_TEST_DIR/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}.
# Idempotent: a warm run only checks that the three binaries exist.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

target="$KUBE_API_TEST_DIR/k8s/${KUBERNETES_VERSION}-linux-amd64"
if [ -x "$target/kube-apiserver" ] && [ -x "$target/kubectl" ] && [ -x "$target/etcd" ]; then
  log "kube-apiserver, kubectl, etcd ${KUBERNETES_VERSION} already in $target"
  exit 0
fi
command -v go >/dev/null || die "Go is required to build the Kubernetes test binaries"
mkdir -p "$target"

kube_out="$CACHE_DIR/kubernetes/$KUBERNETES_VERSION"
if [ ! -x "$kube_out/kube-apiserver" ] || [ ! -x "$kube_out/kubectl" ]; then
  # `go install k8s.io/kubernetes/...@v1.36.x` is refused because the module replaces its
  # staging modules with local paths. A wrapper module that requires k8s.io/kubernetes and
  # maps every staging module to its published v0.X.Y twin builds the same code.
  wrapper="$CACHE_DIR/kubernetes/wrapper-$KUBERNETES_VERSION"
  mkdir -p "$wrapper" "$kube_out"
  staging_version="v0.${KUBERNETES_VERSION#1.}"
  log "building kube-apiserver and kubectl ${KUBERNETES_VERSION} from Go modules (cold: 10-20 min on 2 cores)"
  upstream_mod=$(cd "$wrapper" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" \
    | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "module haproxy-operator.dev/kube-wrapper"
    echo
    echo "go 1.25"
    echo
    echo "require k8s.io/kubernetes v$KUBERNETES_VERSION"
    echo
    grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$upstream_mod" \
      | awk -v v="$staging_version" '{print "replace " $1 " => " $1 " " v}'
  } > "$wrapper/go.mod"
  cat > "$wrapper/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  minor=${KUBERNETES_VERSION#1.}; minor=${minor%%.*}
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg.gitVersion=v$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  done
  (
    cd "$wrapper"
    GOFLAGS=-mod=mod go mod tidy -e >/dev/null 2>&1 || true
    for cmd in kube-apiserver kubectl; do
      log "  go build k8s.io/kubernetes/cmd/$cmd"
      CGO_ENABLED=0 GOFLAGS=-mod=mod go build -tags tools -trimpath -ldflags "$ldflags" \
        -o "$kube_out/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    done
  )
fi

etcd_out="$CACHE_DIR/etcd/$ETCD_VERSION"
if [ ! -x "$etcd_out/etcd" ]; then
  log "building etcd ${ETCD_VERSION} from Go modules"
  wrapper="$CACHE_DIR/etcd/wrapper-$ETCD_VERSION"
  mkdir -p "$wrapper" "$etcd_out"
  cat > "$wrapper/go.mod" <<MOD
module haproxy-operator.dev/etcd-wrapper

go 1.25

require go.etcd.io/etcd/server/v3 v$ETCD_VERSION
MOD
  cat > "$wrapper/tools.go" <<'GO'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
GO
  (
    cd "$wrapper"
    GOFLAGS=-mod=mod go mod tidy -e >/dev/null 2>&1 || true
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$etcd_out/etcd" go.etcd.io/etcd/server/v3
  )
fi

cp "$CACHE_DIR/kubernetes/$KUBERNETES_VERSION/kube-apiserver" "$CACHE_DIR/kubernetes/$KUBERNETES_VERSION/kubectl" "$target/"
cp "$etcd_out/etcd" "$target/"
log "kube-apiserver, kubectl, etcd ready in $target"
