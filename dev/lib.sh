# Shared helpers for the dev/ scripts. Source it; do not run it.
# shellcheck shell=bash

DEV_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$DEV_DIR/.." && pwd)"
# shellcheck source=versions.env
source "$DEV_DIR/versions.env"

# Everything built is cached outside the repository, keyed by version.
CACHE_DIR="${HAPROXY_OPERATOR_CACHE:-$HOME/.cache/haproxy-operator}"
# fabric8 kube-api-test looks for its binaries here.
KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"

log() { printf '[dev] %s\n' "$*" >&2; }
die() { printf '[dev] ERROR: %s\n' "$*" >&2; exit 1; }

need_root_or_sudo() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root to run: $*"; fi
}

# apt_install PKG... installs Debian packages only when a command they provide is missing.
apt_install() {
  log "installing Debian packages: $*"
  need_root_or_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  need_root_or_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# wait_for_port HOST PORT SECONDS
wait_for_port() {
  local host=$1 port=$2 deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

# stop_pid_file FILE: stops the process whose pid FILE holds (TERM, then KILL after 5 s) and removes FILE.
stop_pid_file() {
  local pid
  if [ -f "$1" ] && pid=$(cat "$1") && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

# go_module_zip MODULE@VERSION: downloads the module through the Go module proxy (run outside any
# module, in a scratch directory) and prints the path of its zip in the module cache; dies when the
# proxy does not serve it. go mod download reports an error for a module that needs a newer Go
# than this one, after downloading it: the zip is what counts.
go_module_zip() {
  local scratch zip
  scratch=$(mktemp -d)
  zip=$( (cd "$scratch" && GOFLAGS=-mod=mod go mod download -json "$1" || true) \
    | sed -n 's/.*"Zip": "\(.*\)".*/\1/p')
  rm -rf "$scratch"
  [ -s "$zip" ] || die "could not download $1 from the Go module proxy"
  printf '%s\n' "$zip"
}
