#!/usr/bin/env bash
# Builds the HAProxy Data Plane API from its Go module into the cache and prints its path.
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
log "building dataplaneapi $DATAPLANEAPI_VERSION (${DATAPLANEAPI_COMMIT:0:12}) from Go modules"
mkdir -p "$out"
GOBIN="$out" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" \
  "github.com/haproxytech/dataplaneapi/cmd/dataplaneapi@$DATAPLANEAPI_COMMIT" >&2
echo "$out/dataplaneapi"
