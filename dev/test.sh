#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests against a real kube-apiserver + etcd,
# real HAProxy (co-located targets), real Flux controllers and the real Data Plane API. Installs
# what it needs first.
#
# When the Data Plane API cannot be had on this machine (dev/build-dataplaneapi.sh exits 3), its
# live variants are reported as skipped, with the reason, and a banner says so; the same behaviour
# still runs against the co-located HAProxy. Anything else missing fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

rc=0
dev/setup.sh || rc=$?
if [ "$rc" -eq 3 ]; then
  export DATAPLANEAPI_UNAVAILABLE="the HAProxy Data Plane API is not available on this machine: the Go module proxy does not serve it; set DATAPLANEAPI_BIN (see dev/build-dataplaneapi.sh)"
elif [ "$rc" -ne 0 ]; then
  exit "$rc"
fi
# Flux's source-controller and kustomize-controller, for the GitOps test (FluxGitOpsIT).
dev/build-flux.sh

banner() {
  if [ -n "${DATAPLANEAPI_UNAVAILABLE:-}" ]; then
    printf '\n**************************************************************************\n'
    printf '* SKIPPED: the live Data Plane API variants of the integration tests\n'
    printf '* (their behaviour runs against a co-located HAProxy).\n'
    printf '* Reason: %s\n' "$DATAPLANEAPI_UNAVAILABLE"
    printf '**************************************************************************\n\n'
  fi
}
banner
# The container image is built as target/jib-image.tar on a base image made from this machine's
# JDK (no registry needed) and tested by ContainerImageIT.
mvn -B verify -Dimage.base="tar://$(dev/build-base-image.sh)" "$@"
banner
