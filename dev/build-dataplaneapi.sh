#!/usr/bin/env bash
# Builds the HAProxy Data Plane API from its Go module into the cache and prints its path.
# Exit code 3: the Data Plane API cannot be had on this machine (the message says why and what to do).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# Opt-in: use a Data Plane API binary you already have (e.g. an official release download).
if [ -n "${DATAPLANEAPI_BIN:-}" ]; then
  [ -x "$DATAPLANEAPI_BIN" ] || die "DATAPLANEAPI_BIN=$DATAPLANEAPI_BIN is not an executable"
  echo "$DATAPLANEAPI_BIN"
  exit 0
fi

out="$CACHE_DIR/dataplaneapi/$DATAPLANEAPI_VERSION"
if [ -x "$out/dataplaneapi" ]; then
  echo "$out/dataplaneapi"
  exit 0
fi
command -v go >/dev/null || die "Go is required to build the Data Plane API"
module=github.com/haproxytech/dataplaneapi
log "building dataplaneapi $DATAPLANEAPI_VERSION ($DATAPLANEAPI_PSEUDO_VERSION) from Go modules"
mkdir -p "$out"
if ! GOBIN="$out" CGO_ENABLED=0 go install -trimpath \
    -ldflags "-s -w -X main.GitTag=$DATAPLANEAPI_VERSION -X main.GitCommit=${DATAPLANEAPI_COMMIT:0:8} -X main.GitDirty=" \
    "$module/cmd/dataplaneapi@$DATAPLANEAPI_PSEUDO_VERSION" 2> "$out/build.log"; then
  cat "$out/build.log" >&2
  if grep -q "not available\|403 Forbidden\|404 Not Found" "$out/build.log"; then
    printf '[dev] ERROR: the Go module proxy does not serve %s@%s (release %s).\n' \
      "$module" "$DATAPLANEAPI_PSEUDO_VERSION" "$DATAPLANEAPI_VERSION" >&2
    printf '[dev]        Set DATAPLANEAPI_BIN to a dataplaneapi %s binary, e.g. from\n' "${DATAPLANEAPI_VERSION%.*}" >&2
    printf '[dev]        https://github.com/haproxytech/dataplaneapi/releases/tag/%s\n' "$DATAPLANEAPI_VERSION" >&2
    exit 3
  fi
  die "building the Data Plane API failed (log: $out/build.log)"
fi
echo "$out/dataplaneapi"
