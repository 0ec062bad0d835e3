#!/usr/bin/env bash
# Installs the Debian packages exodetect needs, skipping what is already there (idempotent).
# Usage: scripts/install-deps.sh [core|test|bench|frontend|docker|all]   (default: core)
set -euo pipefail

want="${1:-core}"

core=(build-essential cmake pkg-config zlib1g-dev libdeflate-dev libcfitsio-dev libxgboost-dev
      nlohmann-json3-dev libcpp-httplib-dev libspdlog-dev libcli11-dev libhiredis-dev
      libsodium-dev libssl-dev libsqlite3-dev libcairo2-dev fonts-dejavu-core libgtest-dev
      libgmock-dev libbenchmark-dev)
test=(redis-server clang libclang-rt-14-dev chromium curl nodejs npm)
bench=(python3-astropy python3-matplotlib python3-xgboost python3-sklearn python3-fastapi uvicorn wrk hyperfine)
frontend=(nodejs npm)
docker=(docker.io docker-compose debootstrap curl openssl python3)

pkgs=()
case "$want" in
  core) pkgs=("${core[@]}") ;;
  test) pkgs=("${core[@]}" "${test[@]}") ;;
  bench) pkgs=("${core[@]}" "${bench[@]}") ;;
  frontend) pkgs=("${frontend[@]}") ;;
  docker) pkgs=("${docker[@]}") ;;
  all) pkgs=("${core[@]}" "${test[@]}" "${bench[@]}" "${docker[@]}") ;;
  *) echo "install-deps.sh: unknown set '$want' (core|test|bench|frontend|docker|all)" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  # Node.js may come from outside Debian's package (a machine image's own build): accept it.
  if [[ "$p" == nodejs || "$p" == npm ]] && command -v "${p/nodejs/node}" >/dev/null 2>&1; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
# A stale package list makes installs fail with 404s: refresh it once per run.
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
