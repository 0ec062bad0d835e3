#!/usr/bin/env bash
# Entry point of the development backend containers (docker-compose.yml, the `dev` stage of
# backend/Dockerfile). Keeps `exodetect ARGS...` running on the current sources:
#   exodetect-dev build ARGS...   rebuild /build from /src/backend whenever a source file changes,
#                                 then restart the process (a failed build keeps the old one up)
#   exodetect-dev follow ARGS...  restart the process whenever the binary in /build/bin changes
#                                 (the container that builds shares /build with this one)
set -uo pipefail

mode="${1:-}"
shift || true
if [[ "$mode" != build && "$mode" != follow ]] || [[ $# -eq 0 ]]; then
  echo "usage: exodetect-dev build|follow EXODETECT-ARGS..." >&2
  exit 2
fi
src="${EXODETECT_SRC:-/src/backend}"
build="${EXODETECT_BUILD:-/build}"
bin="$build/bin/exodetect"
interval="${EXODETECT_WATCH_INTERVAL_S:-2}"
jobs="${JOBS:-2}"

log() { echo "exodetect-dev: $*" >&2; }

# What decides a rebuild: the names and modification times of the sources CMake reads.
sources_stamp() {
  find "$src" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.in' \
    -o -name CMakeLists.txt \) -printf '%T@ %p\n' 2>/dev/null | sort | md5sum
}
binary_stamp() { stat -c '%Y %s' "$bin" 2>/dev/null || echo missing; }

# Builds, then installs the binary atomically (a follower never starts a half-written file) and
# only when it changed (a follower restarts on every install).
rebuild() {
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEXODETECT_BUILD_TESTS=OFF \
    -DEXODETECT_BUILD_BENCH=OFF -DEXODETECT_BUILD_FUZZ=OFF >/dev/null &&
    cmake --build "$build" -j"$jobs" --target exodetect || return 1
  mkdir -p "$build/bin"
  strip -o "$bin.tmp" "$build/exodetect" && { cmp -s "$bin.tmp" "$bin" || mv -f "$bin.tmp" "$bin"; }
  rm -f "$bin.tmp"
}

child=0
start() {
  "$bin" "$@" &
  child=$!
  log "started exodetect $* (pid $child)"
}
stop() {
  if [[ $child -ne 0 ]] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child"
    wait "$child"
  fi
  child=0
}
trap 'stop; exit 0' TERM INT

if [[ "$mode" == build ]]; then
  stamp="$(sources_stamp)"
  rebuild || log "build failed; fix the sources and save to retry"
else
  until [[ -x "$bin" ]]; do sleep "$interval"; done
  stamp="$(binary_stamp)"
fi
[[ -x "$bin" ]] && start "$@"

while true; do
  sleep "$interval" &
  wait $!
  if [[ "$mode" == build ]]; then
    now="$(sources_stamp)"
    [[ "$now" == "$stamp" ]] && continue
    stamp="$now"
    log "sources changed: rebuilding"
    rebuild || { log "build failed; still running the previous binary"; continue; }
  else
    now="$(binary_stamp)"
    [[ "$now" == "$stamp" ]] && continue
    stamp="$now"
    log "binary changed"
  fi
  stop
  start "$@"
done
