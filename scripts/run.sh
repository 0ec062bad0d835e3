#!/usr/bin/env bash
# `make run`: serves the API on :8000 (embedded store unless REDIS_URL is set) and, when the
# frontend exists, the web UI on :3000. Ctrl-C stops both.
#   scripts/run.sh [BUILD_DIR]      (default: build)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-build}"
[[ "$build" = /* ]] || build="$root/$build"
exodetect="$build/exodetect"
[[ -x "$exodetect" ]] || { echo "run.sh: no $exodetect; run 'make build' first" >&2; exit 1; }

cd "$root"
export EXODETECT_DATA_DIR="${EXODETECT_DATA_DIR:-$root/var}"
# A local run: the built-in JWT secret is allowed (set EXODETECT_JWT_SECRET to use your own).
export EXODETECT_ENV="${EXODETECT_ENV:-development}"
export MODEL_PATH="${MODEL_PATH:-$root/ml/models}"
export EXODETECT_CATALOG_DIR="${EXODETECT_CATALOG_DIR:-$root/data/catalogs}"
api_port="${PORT:-8000}"

if ! ls "$MODEL_PATH"/*.exomodel >/dev/null 2>&1 && [[ ! -f "$MODEL_PATH" ]]; then
  echo "run.sh: no model in $MODEL_PATH yet; predictions answer 503 until 'make model' runs" >&2
fi

pids=()
stop() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

"$exodetect" serve --host "${HOST:-0.0.0.0}" --port "$api_port" &
pids+=($!)

for _ in $(seq 1 100); do
  "$exodetect" healthcheck --url "http://127.0.0.1:$api_port/health" --timeout 1 >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run.sh: the API exited at start" >&2; exit 1; }
  sleep 0.2
done

echo "exodetect API:  http://localhost:$api_port   (docs: http://localhost:$api_port/docs)"
if [[ -f "$root/frontend/package.json" ]]; then
  "$root/scripts/frontend-start.sh" &
  pids+=($!)
  echo "exodetect UI:   http://localhost:3000"
fi
echo "Ctrl-C stops everything."
wait -n "${pids[@]}"
