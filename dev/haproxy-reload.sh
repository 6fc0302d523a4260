#!/usr/bin/env bash
# Reload command for the Data Plane API (reload_cmd/restart_cmd): reloads HAProxy in
# master-worker mode and exits non-zero when the reload failed.
#
# A signal-based reload never reports failure by itself, and HAProxy 2.6's master CLI has no
# synchronous "reload". The master's "show proc" line does tell: its reload counter goes up on
# every reload, and "[failed: N]" counts failed reloads since the last good one.
#
# usage: haproxy-reload.sh RUN_DIR   (expects RUN_DIR/haproxy.pid, RUN_DIR/master.sock, RUN_DIR/haproxy.cfg)
set -euo pipefail
run_dir=$1
sock="$run_dir/master.sock"

master_line() {
  local i
  for i in $(seq 1 100); do
    # The master re-executes itself on reload; its socket is briefly unavailable.
    if out=$(echo "show proc" | socat -t 2 - "UNIX-CONNECT:$sock" 2>/dev/null) && [ -n "$out" ]; then
      awk '$2 == "master" { print $3, $5 }' <<<"$out" | tr -d ']'
      return 0
    fi
    sleep 0.05
  done
  echo "HAProxy master socket $sock does not answer" >&2
  return 1
}

read -r reloads_before _ < <(master_line)
log_offset=$(stat -c %s "$run_dir/haproxy.log" 2>/dev/null || echo 0)
kill -USR2 "$(cat "$run_dir/haproxy.pid")"
for _ in $(seq 1 200); do
  read -r reloads failed < <(master_line)
  if [ "$reloads" -gt "$reloads_before" ]; then
    if [ "$failed" -eq 0 ]; then
      exit 0
    fi
    echo "HAProxy reload failed; the previous workers keep running" >&2
    # What the master printed for this reload, e.g. "[ALERT] ... cannot bind socket".
    # (The socket hand-over alert only says that the old workers keep their sockets.)
    tail -c +"$((log_offset + 1))" "$run_dir/haproxy.log" | grep -F '[ALERT]' \
      | grep -v 'Failed to get the sockets from the old process' | head -5 >&2 || true
    exit 1
  fi
  sleep 0.05
done
echo "HAProxy did not report the reload within 10s" >&2
exit 1
