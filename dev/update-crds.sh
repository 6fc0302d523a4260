#!/usr/bin/env bash
# Regenerates the CRD from the Java model (src/main/java/.../model) and copies it into crds/.
# CrdIsUpToDateTest fails until the committed copy matches what the build generates.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q process-classes
cp target/classes/META-INF/fabric8/haproxyconfigs.haproxy.gitops.dev-v1.yml crds/
echo "crds/haproxyconfigs.haproxy.gitops.dev-v1.yml updated"
cp crds/haproxyconfigs.haproxy.gitops.dev-v1.yml charts/haproxy-operator/crds/
echo "charts/haproxy-operator/crds/haproxyconfigs.haproxy.gitops.dev-v1.yml updated"
