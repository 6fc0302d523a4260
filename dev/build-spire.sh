#!/usr/bin/env bash
# Builds SPIRE (spire-server, spire-agent) and spiffe-helper from their Go modules into the cache
# and prints the directory that holds the three binaries. Idempotent: a warm run prints the path.
#
# SPIRE_BIN_DIR=/dir skips the build and uses official release binaries from /dir instead
# (spire-server, spire-agent and spiffe-helper must all be there).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if [ -n "${SPIRE_BIN_DIR:-}" ]; then
  for binary in spire-server spire-agent spiffe-helper; do
    [ -x "$SPIRE_BIN_DIR/$binary" ] || die "SPIRE_BIN_DIR=$SPIRE_BIN_DIR has no executable $binary"
  done
  echo "$SPIRE_BIN_DIR"
  exit 0
fi

out="$CACHE_DIR/spire/spire-$SPIRE_VERSION-helper-$SPIFFE_HELPER_VERSION"
if [ ! -x "$out/spire-server" ] || [ ! -x "$out/spire-agent" ] || [ ! -x "$out/spiffe-helper" ]; then
  # `go install …@version` is refused here: it first reads the module's version list for
  # deprecation notices, and the proxy answers 403 for that list. A wrapper module that requires
  # both modules at their tags builds the same code.
  wrapper="$CACHE_DIR/spire/wrapper-$SPIRE_VERSION-helper-$SPIFFE_HELPER_VERSION"
  mkdir -p "$wrapper" "$out"
  cat > "$wrapper/go.mod" <<MOD
module haproxy-operator.dev/spire-wrapper

go 1.25

require (
	github.com/spiffe/spire v$SPIRE_VERSION
	github.com/spiffe/spiffe-helper v$SPIFFE_HELPER_VERSION
)

// SPIRE $SPIRE_VERSION wants ejbca-go-client-sdk v1.1.0, which the Go module proxy refuses here;
// v1.0.2 (what SPIRE 1.14 used) has the same API for SPIRE's EJBCA upstream-authority plugin.
replace github.com/Keyfactor/ejbca-go-client-sdk => github.com/Keyfactor/ejbca-go-client-sdk v1.0.2
MOD
  cat > "$wrapper/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "github.com/spiffe/spiffe-helper/cmd/spiffe-helper"
	_ "github.com/spiffe/spire/cmd/spire-agent"
	_ "github.com/spiffe/spire/cmd/spire-server"
)
GO
  log "building SPIRE $SPIRE_VERSION and spiffe-helper $SPIFFE_HELPER_VERSION from Go modules (cold: several minutes)"
  (
    cd "$wrapper"
    GOFLAGS=-mod=mod go mod tidy >&2
    # cgo: the server's default sqlite datastore is a cgo package.
    for package in github.com/spiffe/spire/cmd/spire-server github.com/spiffe/spire/cmd/spire-agent \
                   github.com/spiffe/spiffe-helper/cmd/spiffe-helper; do
      log "  go build $package"
      CGO_ENABLED=1 GOFLAGS=-mod=mod go build -tags tools -trimpath -ldflags "-s -w" \
        -o "$out/${package##*/}" "$package" >&2
    done
  )
fi
echo "$out"
