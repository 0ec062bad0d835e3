#!/usr/bin/env bash
# Makes a self-signed TLS certificate pair for the production stack's nginx, for local use and
# tests (browsers warn about it; use a CA-issued pair on a public host).
# Usage: scripts/make-ssl-cert.sh [DIR] [HOSTNAME...]   (default: nginx/ssl localhost 127.0.0.1)
# Writes DIR/fullchain.pem and DIR/privkey.pem, and keeps an existing pair unless FORCE=1.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${1:-nginx/ssl}"
shift || true
names=("$@")
[[ ${#names[@]} -eq 0 ]] && names=(localhost 127.0.0.1)

if [[ -s "$dir/fullchain.pem" && -s "$dir/privkey.pem" && "${FORCE:-0}" != 1 ]]; then
  echo "make-ssl-cert: $dir already has a pair (FORCE=1 to replace it)" >&2
  exit 0
fi
command -v openssl >/dev/null || { echo "make-ssl-cert: openssl is needed (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"

san=""
for n in "${names[@]}"; do
  if [[ "$n" =~ ^[0-9.]+$ || "$n" == *:* ]]; then san+="IP:$n,"; else san+="DNS:$n,"; fi
done
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -sha256 -days 365 -nodes \
  -subj "/CN=${names[0]}" -addext "subjectAltName=${san%,}" \
  -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null
chmod 644 "$dir/fullchain.pem"
# nginx runs as uid 101 in its container and must read the key: give it the key where we can
# (root), else say what to run.
if [[ $(id -u) -eq 0 ]]; then
  chown 101:101 "$dir/privkey.pem"
  chmod 400 "$dir/privkey.pem"
else
  echo "make-ssl-cert: run 'sudo chown 101:101 $dir/privkey.pem' so the nginx container (uid 101) can read it" >&2
fi
echo "make-ssl-cert: wrote $dir/fullchain.pem and $dir/privkey.pem for ${names[*]}" >&2
