#!/usr/bin/env bash
# Benchmarks on real components, outside the test suite (never a timed test). Each prints its
# figures next to a baseline measured in the same run.
#   dev/bench.sh secret-cache [N]   the operator's heap with 0 and N unrelated Secrets in its namespace
#   dev/bench.sh change-to-live [N] N Secret updates to Ready and to the new response, against the same
#                                   changes made directly on the co-located HAProxy (the floor)
#   dev/bench.sh dashboard [N]      a scripted run of the packaged operator (N changes, a rejected config,
#                                   a rolled back reload, a missing Secret) with /metrics scraped every 5 s
#                                   into target/dashboard-run; dev/dashboard-png.py draws the dashboard
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_DIR"

bench="${1:-}"
case "$bench" in
  secret-cache) main=dev.gitops.haproxy.bench.SecretCacheHeap ;;
  change-to-live) main=dev.gitops.haproxy.bench.ChangeToLive ;;
  dashboard) main=dev.gitops.haproxy.bench.DashboardRun ;;
  *) die "usage: dev/bench.sh secret-cache|change-to-live|dashboard [N]" ;;
esac
shift

SETUP_WITHOUT_DATAPLANEAPI=1 "$DEV_DIR/setup.sh"
log "building the operator and its tests (mvn test-compile)"
mvn -B -q test-compile -Djib.skip=true
# The dashboard run starts the packaged operator, as users run it.
[ "$bench" = dashboard ] && mvn -B -q package -DskipTests -Djib.skip=true
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
# One collector, a fixed heap: the live set after a full collection is what is compared.
exec java -XX:+UseSerialGC -Xms512m -Xmx512m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  "$main" "$@"
