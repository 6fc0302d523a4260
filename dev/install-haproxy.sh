#!/usr/bin/env bash
# Installs HAProxy (Debian's 2.6 LTS), socat (to talk to the HAProxy master socket) and openssl
# (the TLS tests make their certificates with it).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if command -v haproxy >/dev/null && command -v socat >/dev/null && command -v openssl >/dev/null; then
  exit 0
fi
apt_install haproxy socat openssl
# Debian starts a system HAProxy on :80; the rig runs its own instances and needs none.
if command -v systemctl >/dev/null && systemctl is-active --quiet haproxy 2>/dev/null; then
  need_root_or_sudo systemctl disable --now haproxy >/dev/null 2>&1 || true
fi
