#!/usr/bin/env bash
# Benchmarks on real components, outside the test suite (never a timed test). Each prints its
# figures next to a baseline measured in the same run, and writes them under target/bench/.
#   dev/bench.sh all [--publish]    change-to-live, scale, hitless and start-up with their defaults, then BENCHMARKS.md and its
#                                   charts in target/bench/ (about 10 minutes on 2 cores); --publish
#                                   writes them to BENCHMARKS.md and docs/benchmarks/ instead
#   dev/bench.sh change-to-live [N] N Secret updates to Ready and to the new response, against the same
#                                   changes made directly on the co-located HAProxy (the floor)
#   dev/bench.sh scale [N ...]      N HAProxyConfigs with a co-located HAProxy each (default 25 50 100 200):
#                                   start → all Ready against the same applies made directly, a re-sync
#                                   that must write nothing, one change among N, the operator's memory
#   dev/bench.sh hitless [N]        wrk through HAProxy while the operator applies N changes 200 ms apart,
#                                   against the same load with no change
#   dev/bench.sh start-up [RUNS]    a one-shot validate against haproxy -c alone; operator start → first status
#   dev/bench.sh secret-cache [N]   the operator's heap with 0 and N unrelated Secrets in its namespace
#   dev/bench.sh dashboard [N]      a scripted run of the packaged operator (N changes, a rejected config,
#                                   a rolled back reload, a missing Secret) with /metrics scraped every 5 s
#                                   into target/dashboard-run; dev/dashboard-png.py draws the dashboard
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_DIR"

BENCHMARKS="all|change-to-live|scale|hitless|start-up|secret-cache|dashboard"

bench="${1:-}"
[[ "|$BENCHMARKS|" == *"|$bench|"* ]] || die "usage: dev/bench.sh $BENCHMARKS [N ...]"
shift || true

SETUP_WITHOUT_DATAPLANEAPI=1 "$DEV_DIR/setup.sh"
# Change → live runs through the Data Plane API too, where it can be had (see dev/test.sh).
if ! "$DEV_DIR/build-dataplaneapi.sh" >/dev/null 2>&1; then
  export DATAPLANEAPI_UNAVAILABLE="the HAProxy Data Plane API is not available on this machine"
  log "no Data Plane API here (set DATAPLANEAPI_BIN to measure through one): co-located targets only"
fi
command -v wrk >/dev/null || apt_install wrk
log "building the operator and its tests (mvn package, no tests run)"
mvn -B -q package -DskipTests -Djib.skip=true
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
# The operator as users run it, in its own process (scale, start-up), gets only what it ships with.
mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >/dev/null

run() {
  # One collector, a fixed heap: the live set after a full collection is what is compared.
  java -XX:+UseSerialGC -Xms512m -Xmx512m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
    dev.gitops.haproxy.bench.Benchmarks "$@"
}

if [ "$bench" != all ]; then
  run "$bench" "$@"
  exit 0
fi

# The charts need matplotlib: a virtual environment in the cache, made once per version.
MATPLOTLIB_VERSION=3.9.2
venv="$CACHE_DIR/bench-python/matplotlib-$MATPLOTLIB_VERSION"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
  log "installing matplotlib $MATPLOTLIB_VERSION (PyPI) into $venv"
  python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; rm -rf "$venv"; python3 -m venv "$venv"; }
  "$venv/bin/pip" install -q "matplotlib==$MATPLOTLIB_VERSION"
fi

rm -rf target/bench
uptime > target/bench-load-before.txt
started=$SECONDS
for each in change-to-live scale hitless start-up; do
  log "benchmark: $each"
  run "$each" 2>"target/bench-$each.log" || { tail -40 "target/bench-$each.log" >&2; die "benchmark $each failed"; }
done
mkdir -p target/bench
mv target/bench-load-before.txt target/bench/load-before.txt
uptime > target/bench/load-after.txt
echo $((SECONDS - started)) > target/bench/seconds.txt
"$venv/bin/python" "$DEV_DIR/bench-report.py" target/bench
if [ "${1:-}" = --publish ]; then
  "$venv/bin/python" "$DEV_DIR/bench-report.py" target/bench --publish "$REPO_DIR"
fi
