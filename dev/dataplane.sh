#!/usr/bin/env bash
# Starts or stops one load balancer of the rig: HAProxy in master-worker mode and the Data Plane
# API in front of it, on 127.0.0.1 unless told otherwise, with every file under RUN_DIR.
#
#   dev/dataplane.sh start RUN_DIR [--api-port 5555] [--api-host 127.0.0.1] [--user admin]
#                                  [--password-file FILE] [--config haproxy.cfg]
#                                  [--tls-cert FILE --tls-key FILE --tls-ca FILE]
#       With --tls-*, the API serves HTTPS only and requires a client certificate signed by the
#       CA (the Data Plane API then turns basic auth off).
#   dev/dataplane.sh run RUN_DIR ...    like start, with the Data Plane API in the foreground (containers)
#   dev/dataplane.sh stop RUN_DIR
#
# The initial haproxy.cfg defaults to dev/rig-initial.cfg. Tests and the demo use this script,
# so there is one way to run the rig.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { sed -n '2,15p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1 run_dir=$2; shift 2

stop() {
  stop_pid_file "$run_dir/dataplaneapi.pid"
  "$DEV_DIR/haproxy.sh" stop "$run_dir"
}

case "$action" in
  stop) stop; exit 0 ;;
  start|run) ;;
  *) usage ;;
esac

api_port=5555 api_host=127.0.0.1 user=admin password_file="" config="$DEV_DIR/rig-initial.cfg"
tls_cert="" tls_key="" tls_ca=""
while [ $# -gt 0 ]; do
  case "$1" in
    --api-port) api_port=$2; shift 2 ;;
    --api-host) api_host=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --password-file) password_file=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --tls-cert) tls_cert=$(realpath "$2"); shift 2 ;;
    --tls-key) tls_key=$(realpath "$2"); shift 2 ;;
    --tls-ca) tls_ca=$(realpath "$2"); shift 2 ;;
    *) usage ;;
  esac
done

"$DEV_DIR/install-haproxy.sh"
dataplaneapi=$("$DEV_DIR/build-dataplaneapi.sh")
mkdir -p "$run_dir"/{maps,ssl,general,spoe,transactions,backups,storage}
run_dir=$(cd "$run_dir" && pwd)
stop

if [ -z "$password_file" ]; then
  password_file="$run_dir/dataplane-password"
  [ -s "$password_file" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$password_file"
fi
password=$(tr -d '\n' < "$password_file")
umask 077
cat > "$run_dir/dataplaneapi.yaml" <<YAML
config_version: 2
name: rig-$api_port
dataplaneapi:
  host: $api_host
  port: $api_port
$(if [ -n "$tls_cert" ]; then cat <<TLS
  scheme: [https]
  tls:
    tls_host: $api_host
    tls_port: $api_port
    tls_certificate: $tls_cert
    tls_key: $tls_key
    tls_ca: $tls_ca
TLS
fi)
  user:
    - name: $user
      password: "$password"
      insecure: true
  transaction:
    transaction_dir: $run_dir/transactions
    backups_dir: $run_dir/backups
  resources:
    maps_dir: $run_dir/maps
    ssl_certs_dir: $run_dir/ssl
    general_storage_dir: $run_dir/general
    dataplane_storage_dir: $run_dir/storage
    spoe_dir: $run_dir/spoe
haproxy:
  config_file: $run_dir/haproxy.cfg
  haproxy_bin: $(command -v haproxy)
  master_runtime: $run_dir/master.sock
  master_worker_mode: true
  reload:
    reload_strategy: custom
    reload_cmd: $DEV_DIR/haproxy-reload.sh $run_dir
    restart_cmd: $DEV_DIR/haproxy-reload.sh $run_dir
    reload_delay: 1
log:
  log_to: file
  log_file: $run_dir/dataplaneapi.log
  log_level: info
YAML

# HAProxy itself (master-worker, its stderr in haproxy.log for the reload script) as everywhere.
umask 022
"$DEV_DIR/haproxy.sh" start "$run_dir" --config "$config" >/dev/null

# The Data Plane API batches reloads on a ticker of reload_delay seconds (minimum 1 s). Its own
# CI shortens the ticker with this variable; the rig does the same so that each apply does not
# wait up to a second. Production installations keep their reload_delay.
export CI_DATAPLANE_RELOAD_DELAY_OVERRIDE=${DATAPLANE_RELOAD_DELAY_MS:-100}
if [ "$action" = run ]; then
  log "HAProxy (master pid $(cat "$run_dir/haproxy.pid")); the Data Plane API on http://$api_host:$api_port/v3"
  exec "$dataplaneapi" -f "$run_dir/dataplaneapi.yaml"
fi
nohup "$dataplaneapi" -f "$run_dir/dataplaneapi.yaml" >> "$run_dir/dataplaneapi.out" 2>&1 &
echo $! > "$run_dir/dataplaneapi.pid"
wait_for_port "$api_host" "$api_port" 30 || die "the Data Plane API did not listen on $api_host:$api_port; see $run_dir/dataplaneapi.out"
if [ -n "$tls_cert" ]; then
  log "HAProxy (master pid $(cat "$run_dir/haproxy.pid")) and the Data Plane API on https://$api_host:$api_port/v3 (client certificates signed by $tls_ca)"
else
  log "HAProxy (master pid $(cat "$run_dir/haproxy.pid")) and the Data Plane API on http://$api_host:$api_port/v3 (user $user, password in $password_file)"
fi
