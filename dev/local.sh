#!/usr/bin/env bash
# The local development environment as plain processes (no Docker): HAProxy, two sample backends
# (blue on 9001, green on 9002) and the operator in local mode watching
# dev/external-haproxy-service/haproxy.cfg. Edit that file and save: the change is live (or
# rejected with HAProxy's line numbers) within a second. Ctrl-C stops everything it started.
#
# Options (environment): CONFIG_FILE to watch another file; LOCAL_RUN_DIR for the run directory;
# LOCAL_TARGET=colocated (default: HAProxy driven through its master socket and haproxy -c) or
# dataplane (HAProxy behind the Data Plane API on DATAPLANE_PORT, default 5555).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_DIR"

CONFIG_FILE="${CONFIG_FILE:-$DEV_DIR/external-haproxy-service/haproxy.cfg}"
RUN_DIR="${LOCAL_RUN_DIR:-${TMPDIR:-/tmp}/haproxy-operator-local}"
API_PORT="${DATAPLANE_PORT:-5555}"
LOCAL_TARGET="${LOCAL_TARGET:-colocated}"
case "$LOCAL_TARGET" in colocated|dataplane) ;; *) die "LOCAL_TARGET is colocated or dataplane, not $LOCAL_TARGET" ;; esac
pids=()

cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$LOCAL_TARGET" = dataplane ]; then "$DEV_DIR/dataplane.sh" stop "$RUN_DIR/lb" || true
  else "$DEV_DIR/haproxy.sh" stop "$RUN_DIR/lb" || true; fi
  log "stopped"
}
trap cleanup EXIT INT TERM

ports=(8080 8404 9001 9002)
[ "$LOCAL_TARGET" = dataplane ] && ports+=("$API_PORT")
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port 127.0.0.1:$port is in use; the local environment needs ${ports[*]}"
  fi
done

"$DEV_DIR/install-haproxy.sh"
[ "$LOCAL_TARGET" = dataplane ] && "$DEV_DIR/build-dataplaneapi.sh" >/dev/null
if [ ! -f target/haproxy-operator.jar ] || [ -n "$(find src pom.xml -newer target/haproxy-operator.jar -print -quit)" ]; then
  log "building the operator (mvn package)"
  mvn -B -q package -DskipTests
fi

mkdir -p "$RUN_DIR"
python3 "$DEV_DIR/sample-backend.py" blue 9001 & pids+=($!)
python3 "$DEV_DIR/sample-backend.py" green 9002 & pids+=($!)
if [ "$LOCAL_TARGET" = dataplane ]; then
  "$DEV_DIR/dataplane.sh" start "$RUN_DIR/lb" --api-port "$API_PORT" --user admin
  target_args=(--dataplane-url "http://127.0.0.1:$API_PORT/v3" --dataplane-user admin
    --dataplane-password-file "$RUN_DIR/lb/dataplane-password")
else
  "$DEV_DIR/haproxy.sh" start "$RUN_DIR/lb" --name lb
  target_args=(--master-socket "$RUN_DIR/lb/master.sock" --haproxy-config "$RUN_DIR/lb/haproxy.cfg"
    --master-log "$RUN_DIR/lb/haproxy.log")
fi

log "edit $CONFIG_FILE; traffic on http://127.0.0.1:8080, stats on http://127.0.0.1:8404/stats; Ctrl-C stops"
java -jar target/haproxy-operator.jar --mode local --config-file "$CONFIG_FILE" "${target_args[@]}" &
pids+=($!)
wait "${pids[-1]}"
