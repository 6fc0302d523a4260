#!/usr/bin/env bash
# Builds Flux's source-controller and kustomize-controller from their Go modules into the cache, for
# the GitOps integration test that runs them as processes against the test API server.
# Prints nothing but progress; idempotent: a version already built is not built again.
#
# The controllers cannot be built with `go install module@version`: their go.mod replaces their own
# API module with the ./api directory, which is a module of its own and so is not in the module zip.
# The build unpacks the module, points that replace at the API module of the same release on the Go
# module proxy (the one the release's go.mod requires), and builds in the unpacked tree. A release
# may need one more replace where the proxy here lacks a module version (see dev/versions.env).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

build_controller() { # build_controller NAME VERSION [MODULE=REPLACEMENT@VERSION]
  local name=$1 version=$2 replacement=${3:-} out="$CACHE_DIR/flux-controllers/$1/$2"
  # The version names the directory; the replace is recorded next to the binary, so that changing
  # it alone in dev/versions.env builds again instead of reusing a build of other sources.
  if [ -x "$out/$name" ] && [ "$(cat "$out/replace" 2>/dev/null)" = "$replacement" ]; then
    return 0
  fi
  command -v go >/dev/null || die "Go is required to build Flux's $name"
  log "building Flux $name v$version from Go modules"
  local started=$SECONDS module="github.com/fluxcd/$name"
  work=$(mktemp -d)
  local zip
  zip=$(go_module_zip "$module@v$version")
  unzip -q "$zip" -d "$work"
  local tree="$work/$module@v$version"
  chmod -R u+w "$tree"
  (
    cd "$tree"
    go mod edit -dropreplace "$module/api"
    [ -z "$replacement" ] || go mod edit -replace "$replacement"
    mkdir -p "$out"
    if ! GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/$name.partial" . \
        > "$out/build.log" 2>&1; then
      cat "$out/build.log" >&2
      die "building Flux $name v$version failed (log: $out/build.log)"
    fi
  )
  mv "$out/$name.partial" "$out/$name"
  printf '%s' "$replacement" > "$out/replace"
  rm -rf "$work"
  log "built Flux $name v$version in $((SECONDS - started))s"
}

# The unpacked module of the build under way, removed however the script ends.
work=""
trap 'rm -rf "$work"' EXIT
build_controller source-controller "$FLUX_SOURCE_CONTROLLER_VERSION" "$FLUX_SOURCE_CONTROLLER_REPLACE"
build_controller kustomize-controller "$FLUX_KUSTOMIZE_CONTROLLER_VERSION"
