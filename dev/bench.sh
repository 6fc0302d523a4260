#!/usr/bin/env bash
# Benchmarks on real components, outside the test suite (never a timed test). Each prints its
# figures next to a baseline measured in the same run.
#   dev/bench.sh secret-cache [N]   the operator's heap with 0 and N unrelated Secrets in its namespace
#   dev/bench.sh change-to-live [N] N Secret updates to Ready and to the new response, against the same
#                                   changes made directly on the co-located HAProxy (the floor)
#   dev/bench.sh scale [N ...]      N HAProxyConfigs with a co-located HAProxy each (default 25 50 100 200):
#                                   start → all Ready against the same applies made directly, a re-sync
#                                   that must write nothing, one change among N, the operator's memory
#   dev/bench.sh hitless [N]        wrk through HAProxy while the operator applies N changes 200 ms apart,
#                                   against the same load with no change
#   dev/bench.sh start-up [RUNS]    a one-shot validate against haproxy -c alone; operator start → first status
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_DIR"

bench="${1:-}"
case "$bench" in
  secret-cache) main=dev.gitops.haproxy.bench.SecretCacheHeap ;;
  change-to-live) main=dev.gitops.haproxy.bench.ChangeToLive ;;
  scale) main=dev.gitops.haproxy.bench.Scale ;;
  hitless) main=dev.gitops.haproxy.bench.HitlessReloads ;;
  start-up) main=dev.gitops.haproxy.bench.StartUp ;;
  *) die "usage: dev/bench.sh secret-cache|change-to-live|scale|hitless|start-up [N ...]" ;;
esac
shift

SETUP_WITHOUT_DATAPLANEAPI=1 "$DEV_DIR/setup.sh"
command -v wrk >/dev/null || apt_install wrk
log "building the operator and its tests (mvn package, no tests run)"
mvn -B -q package -DskipTests -Djib.skip=true
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
# The operator as users run it, in its own process (scale), gets only what it ships with.
mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >/dev/null
# One collector, a fixed heap: the live set after a full collection is what is compared.
exec java -XX:+UseSerialGC -Xms512m -Xmx512m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  "$main" "$@"
