#!/usr/bin/env bash
# Starts or stops one co-located HAProxy of the rig: HAProxy in master-worker mode with its master
# CLI socket, on 127.0.0.1, with every file under RUN_DIR. The operator reaches it directly (its
# config file, master socket and haproxy -c): no Data Plane API.
#
#   dev/haproxy.sh start RUN_DIR [--name lb1] [--config haproxy.cfg]
#       RUN_DIR/haproxy.cfg        the file HAProxy loads (a copy of --config, default dev/rig-initial.cfg)
#       RUN_DIR/master.sock        the master CLI socket (-S ...,level,admin)
#       RUN_DIR/haproxy.log        the master's stderr: why a reload failed
#       RUN_DIR/{ssl,maps,general} storage directories for spec.files
#       RUN_DIR/colocated.yaml     the declaration to give the operator (--colocated-config)
#   dev/haproxy.sh stop RUN_DIR
#
# Tests, the demo and dev/dataplane.sh use this script, so there is one way to run HAProxy here.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { sed -n '2,14p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1 run_dir=$2; shift 2

stop() {
  stop_pid_file "$run_dir/haproxy.pid"
  rm -f "$run_dir/master.sock"
}

case "$action" in
  stop) stop; exit 0 ;;
  start) ;;
  *) usage ;;
esac

name=lb1 config="$DEV_DIR/rig-initial.cfg"
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    *) usage ;;
  esac
done

"$DEV_DIR/install-haproxy.sh"
mkdir -p "$run_dir"/{maps,ssl,general}
run_dir=$(cd "$run_dir" && pwd)
stop
cp "$config" "$run_dir/haproxy.cfg"

cat > "$run_dir/colocated.yaml" <<YAML
# Declared by dev/haproxy.sh: the co-located HAProxy '$name' that targets may select (colocated: $name).
colocated:
  - name: $name
    masterSocket: $run_dir/master.sock
    configFile: $run_dir/haproxy.cfg
    haproxyBinary: $(command -v haproxy)
    masterLog: $run_dir/haproxy.log
    storage:
      sslCertificates: $run_dir/ssl
      maps: $run_dir/maps
      general: $run_dir/general
YAML

# Master-worker mode, not daemonized: the master's stderr stays in haproxy.log, where HAProxy 2.6
# says why a reload failed (e.g. "cannot bind socket").
nohup haproxy -W -p "$run_dir/haproxy.pid" -S "$run_dir/master.sock,level,admin" -f "$run_dir/haproxy.cfg" \
  >> "$run_dir/haproxy.log" 2>&1 &
for _ in $(seq 1 100); do [ -s "$run_dir/haproxy.pid" ] && [ -S "$run_dir/master.sock" ] && break; sleep 0.05; done
[ -s "$run_dir/haproxy.pid" ] && [ -S "$run_dir/master.sock" ] || die "HAProxy did not start; see $run_dir/haproxy.log"
log "HAProxy '$name' (master pid $(cat "$run_dir/haproxy.pid"), socket $run_dir/master.sock)"
