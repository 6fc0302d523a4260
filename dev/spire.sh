#!/usr/bin/env bash
# A SPIRE server and agent on 127.0.0.1, as plain processes under one directory:
#
#   dev/spire.sh start DIR [--trust-domain example.org]
#       server (sqlite datastore, join_token node attestor) and agent (attested with a join
#       token, unix workload attestor that also reports the workload's binary path); waits until
#       the agent serves the Workload API at DIR/agent.sock.
#   dev/spire.sh register DIR SPIFFE_ID SELECTOR [X509_SVID_TTL_SECONDS]
#       a workload entry under this agent, e.g. unix:path:/usr/bin/java or unix:uid:1000
#   dev/spire.sh stop DIR
#
# DIR/env then holds the trust domain, the agent's SPIFFE ID and the sockets. Nothing is installed
# system-wide and nothing listens beyond 127.0.0.1.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

usage() { die "usage: $0 start DIR [--trust-domain TD] | register DIR SPIFFE_ID SELECTOR [TTL] | stop DIR"; }
[ $# -ge 2 ] || usage
command=$1 dir=$(mkdir -p "$2" && cd "$2" && pwd); shift 2
bin=$("$DEV_DIR/build-spire.sh")

stop() {
  for name in agent server; do
    if [ -s "$dir/$name.pid" ]; then
      kill "$(cat "$dir/$name.pid")" 2>/dev/null || true
      rm -f "$dir/$name.pid"
    fi
  done
}

start() {
  local trust_domain=example.org
  while [ $# -gt 0 ]; do
    case $1 in
      --trust-domain) trust_domain=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  stop
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$dir/server-data" "$dir/agent-data"
  cat > "$dir/server.conf" <<CONF
server {
  bind_address = "127.0.0.1"
  bind_port = "$port"
  socket_path = "$dir/server.sock"
  trust_domain = "$trust_domain"
  data_dir = "$dir/server-data"
  log_level = "WARN"
  log_file = "$dir/server.log"
  ca_ttl = "24h"
  default_x509_svid_ttl = "1h"
}
plugins {
  DataStore "sql" {
    plugin_data {
      database_type = "sqlite3"
      connection_string = "$dir/server-data/datastore.sqlite3"
    }
  }
  NodeAttestor "join_token" {
    plugin_data {}
  }
  KeyManager "memory" {
    plugin_data {}
  }
}
CONF
  "$bin/spire-server" run -config "$dir/server.conf" >>"$dir/server.log" 2>&1 &
  echo $! > "$dir/server.pid"
  local deadline=$((SECONDS + 30))
  until "$bin/spire-server" healthcheck -socketPath "$dir/server.sock" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { cat "$dir/server.log" >&2; die "spire-server did not become healthy"; }
    sleep 0.2
  done

  local agent_id="spiffe://$trust_domain/test/agent" token
  token=$("$bin/spire-server" token generate -socketPath "$dir/server.sock" -spiffeID "$agent_id" -ttl 600 \
    | sed -n 's/^Token: //p')
  [ -n "$token" ] || die "spire-server gave no join token"
  "$bin/spire-server" bundle show -socketPath "$dir/server.sock" > "$dir/bootstrap-bundle.pem"
  cat > "$dir/agent.conf" <<CONF
agent {
  data_dir = "$dir/agent-data"
  log_level = "WARN"
  log_file = "$dir/agent.log"
  server_address = "127.0.0.1"
  server_port = "$port"
  socket_path = "$dir/agent.sock"
  trust_domain = "$trust_domain"
  trust_bundle_path = "$dir/bootstrap-bundle.pem"
  join_token = "$token"
}
plugins {
  NodeAttestor "join_token" {
    plugin_data {}
  }
  KeyManager "memory" {
    plugin_data {}
  }
  WorkloadAttestor "unix" {
    plugin_data {
      discover_workload_path = true
    }
  }
}
CONF
  "$bin/spire-agent" run -config "$dir/agent.conf" >>"$dir/agent.log" 2>&1 &
  echo $! > "$dir/agent.pid"
  deadline=$((SECONDS + 30))
  until "$bin/spire-agent" healthcheck -socketPath "$dir/agent.sock" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { cat "$dir/agent.log" >&2; die "spire-agent did not become healthy"; }
    sleep 0.2
  done
  # The join token names the agent spiffe://TD/spire/agent/join_token/TOKEN; the extra ID given
  # to the token is the parent that workload entries hang off.
  cat > "$dir/env" <<ENV
TRUST_DOMAIN=$trust_domain
AGENT_ID=$agent_id
AGENT_SOCKET=$dir/agent.sock
SERVER_SOCKET=$dir/server.sock
SPIRE_BIN=$bin
ENV
  log "SPIRE ($trust_domain) up: agent Workload API at unix://$dir/agent.sock"
}

register() {
  [ $# -ge 2 ] || usage
  local spiffe_id=$1 selector=$2 ttl=${3:-}
  # shellcheck source=/dev/null
  source "$dir/env"
  local args=(entry create -socketPath "$SERVER_SOCKET" -parentID "$AGENT_ID" -spiffeID "$spiffe_id" -selector "$selector")
  [ -z "$ttl" ] || args+=(-x509SVIDTTL "$ttl")
  "$SPIRE_BIN/spire-server" "${args[@]}" >/dev/null
}

case $command in
  start) start "$@" ;;
  register) register "$@" ;;
  stop) stop ;;
  *) usage ;;
esac
