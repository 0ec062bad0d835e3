#!/usr/bin/env bash
# Frontend checks: dependencies, type check, API types staleness, Vitest, production build with
# the first-load JS budget, then the end-to-end suite (chromium via playwright-core) against a
# real `exodetect serve` (embedded default, temporary data dir) and the built frontend, both on
# free loopback ports. Usage: scripts/frontend-test.sh [BUILD_DIR]   (default: build)
# Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
build_dir="${1:-build}"
[[ "$build_dir" = /* ]] || build_dir="$repo/$build_dir"
exodetect="$build_dir/exodetect"
export NEXT_TELEMETRY_DISABLED=1
export EXODETECT_ADMIN_EMAIL="${EXODETECT_ADMIN_EMAIL:-admin@exodetect.test}"
export EXODETECT_ADMIN_PASSWORD="${EXODETECT_ADMIN_PASSWORD:-e2e-admin-password-$RANDOM$RANDOM}"

step() { echo "== frontend: $*"; }
fail() { echo "frontend-test: $*" >&2; exit 1; }

cd frontend
# npm ci when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "npm ci"
  npm ci --no-audit --no-fund || fail "npm ci failed"
fi

step "type check (tsc --noEmit, strict)"
npx tsc --noEmit || fail "type errors"

step "lint (eslint: Next.js and TypeScript rules)"
npx eslint --max-warnings 0 . || fail "lint errors"

step "unit tests (vitest)"
npx vitest run || fail "unit tests failed"

step "production build (next build, standalone, with the bench pages the draw budget reads)"
EXODETECT_BENCH_BUILD=1 npx next build || fail "next build failed"
node scripts/budget.mjs || fail "Detection Lab first-load JS over budget"

[[ -x "$exodetect" ]] || fail "$exodetect not built (run make build first)"
free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
tmp=$(mktemp -d /tmp/exodetect-frontend-test.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

api_port=$(free_port)
step "starting exodetect serve on 127.0.0.1:$api_port (data dir $tmp/data)"
(cd "$repo" && EXODETECT_DATA_DIR="$tmp/data" LOG_LEVEL=warning EXODETECT_ENV=development \
  EXODETECT_RATE_LIMIT_PER_MIN=100000 EXODETECT_RATE_LIMIT_BURST=10000 \
  exec "$exodetect" serve --host 127.0.0.1 --port "$api_port") >"$tmp/api.log" 2>&1 &
pids+=($!)
wait_http() {  # url, seconds, log
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    node -e "fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" "$1" && return 0
    sleep 0.25
  done
  echo "--- $3" >&2; tail -30 "$3" >&2
  return 1
}
wait_http "http://127.0.0.1:$api_port/health" 60 "$tmp/api.log" || fail "backend did not come up"

step "API types match /openapi.json"
node scripts/gen-api.mjs --check --url "http://127.0.0.1:$api_port/openapi.json" || fail "stale API types"

ui_port=$(free_port)
step "starting the production frontend on 127.0.0.1:$ui_port"
# The standalone server needs the static assets beside it.
rm -rf .next/standalone/.next/static .next/standalone/public
cp -r .next/static .next/standalone/.next/static
[[ -d public ]] && cp -r public .next/standalone/public
(PORT="$ui_port" HOSTNAME=127.0.0.1 EXODETECT_API_URL="http://127.0.0.1:$api_port" \
  exec node .next/standalone/server.js) >"$tmp/ui.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$ui_port/lab" 60 "$tmp/ui.log" || fail "frontend did not come up"

step "end-to-end tests (chromium)"
if UI_URL="http://127.0.0.1:$ui_port" API_URL="http://127.0.0.1:$api_port" node e2e/run.mjs; then
  exit 0
fi
echo "--- backend log (tail)" >&2; tail -20 "$tmp/api.log" >&2
echo "--- frontend log (tail)" >&2; tail -20 "$tmp/ui.log" >&2
exit 1
