#!/usr/bin/env bash
# Installs or builds every real component the tests and the demo need, each cached by version:
# HAProxy and socat (Debian), the Data Plane API, kube-apiserver, kubectl, etcd, SPIRE and
# spiffe-helper (Go modules). Flux's controllers, which only the test suite runs, come from
# dev/build-flux.sh (dev/test.sh calls it).
# A warm run takes seconds; a cold run prints what it builds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

started=$SECONDS
command -v java >/dev/null || die "JDK 17 is required (java not found)"
command -v mvn >/dev/null || die "Maven is required (mvn not found)"
command -v go >/dev/null || die "Go is required to build the test components (go not found)"
"$DEV_DIR/install-haproxy.sh"
"$DEV_DIR/build-kube.sh"
"$DEV_DIR/build-tools.sh" >/dev/null
"$DEV_DIR/build-spire.sh" >/dev/null
# The Data Plane API is optional: the co-located target needs only HAProxy. Exit code 3 tells the
# caller it cannot be had here (dev/test.sh then skips its live tests, with the reason).
if [ -z "${SETUP_WITHOUT_DATAPLANEAPI:-}" ]; then
  "$DEV_DIR/build-dataplaneapi.sh" >/dev/null || exit $?
fi
log "components ready in $((SECONDS - started))s (cache: $CACHE_DIR, $KUBE_API_TEST_DIR)"
