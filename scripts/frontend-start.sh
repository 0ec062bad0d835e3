#!/usr/bin/env bash
# Builds the frontend when needed and serves the production UI in the foreground.
#   scripts/frontend-start.sh      (PORT default 3000; backend from NEXT_PUBLIC_API_URL or
#                                   EXODETECT_API_URL, default http://127.0.0.1:8000)
# The UI's /api/v1/* routes forward to that backend (read at start, not baked into the build).
set -euo pipefail
cd "$(dirname "$0")/../frontend"
export NEXT_TELEMETRY_DISABLED=1
port="${PORT:-3000}"
host="${HOSTNAME_UI:-0.0.0.0}"
export EXODETECT_API_URL="${EXODETECT_API_URL:-${NEXT_PUBLIC_API_URL:-http://127.0.0.1:8000}}"

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "frontend: installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund
fi
# Rebuild when any source or config is newer than the last build.
stamp=.next/standalone/server.js
if [[ ! -f "$stamp" ]] || [[ -n "$(find src next.config.mjs package-lock.json -newer "$stamp" -print -quit)" ]]; then
  echo "frontend: building (next build)" >&2
  npx next build
fi
rm -rf .next/standalone/.next/static .next/standalone/public
cp -r .next/static .next/standalone/.next/static
[[ -d public ]] && cp -r public .next/standalone/public

echo "frontend: http://localhost:$port (API: $EXODETECT_API_URL)" >&2
PORT="$port" HOSTNAME="$host" exec node .next/standalone/server.js
