#!/usr/bin/env bash
# Makes sure a Docker engine answers, starting one when none does: on machines without a
# service manager (CI containers, these build machines) as `dockerd --iptables=false
# --bridge=none` (no host firewall changes; compose networks still work), logging to
# /var/log/exodetect-dockerd.log. Needs docker.io (scripts/install-deps.sh docker) and root.
#
#   scripts/docker-engine.sh     exit 0: an engine answers; exit 3: none can run on this machine,
#                                with the reason on stderr (callers may skip container tests then)
set -uo pipefail

log=/var/log/exodetect-dockerd.log
cannot() {
  echo "docker-engine: $*" >&2
  exit 3
}

docker info >/dev/null 2>&1 && exit 0
command -v docker >/dev/null || cannot "no docker client (scripts/install-deps.sh docker)"
command -v dockerd >/dev/null || cannot "no dockerd (scripts/install-deps.sh docker)"
[[ $(id -u) -eq 0 ]] || cannot "no Docker engine answers and we are not root to start one"

echo "docker-engine: starting dockerd --iptables=false --bridge=none (log: $log)" >&2
nohup dockerd --iptables=false --bridge=none >"$log" 2>&1 &
pid=$!
for _ in $(seq 60); do
  docker info >/dev/null 2>&1 && exit 0
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
reason="$(grep -iE 'level=(fatal|error)|permission denied|operation not permitted' "$log" | tail -3)"
kill "$pid" 2>/dev/null
cannot "dockerd did not come up: ${reason:-see $log}"
