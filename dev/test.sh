#!/usr/bin/env bash
# The whole test suite: unit tests, then integration tests against a real kube-apiserver + etcd,
# real HAProxy and the real Data Plane API. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
dev/setup.sh
mvn -B verify "$@"
