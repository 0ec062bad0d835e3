#!/usr/bin/env bash
# The development stack test (`make docker-test-dev`): builds the dev images, brings up
# docker-compose.yml under its own project name and host ports, and checks what `docker-compose up`
# promises: redis, backend and worker healthy in depends_on order, the API on the backend port, the
# UI (`next dev`) on the frontend port, a light-curve search run by the worker service, a backend
# source edit rebuilt in the container with the server and worker restarted on the new binary,
# and a frontend edit hot-reloaded. Then it tears everything down (images stay, as a build cache).
#
# The edits go to a copy of backend/ and frontend/ mounted in place of the repository's folders
# (a compose override file), so the working tree is never touched.
# Env: DOCKER_TEST_DEV_PORT_BASE (host ports BASE+3000, BASE+8000, BASE+6379; default 10000),
#      DOCKER_TEST_KEEP=1 (leave the stack up on failure, to look at it),
#      DOCKER_TEST_SKIP_BUILD=1 (use the dev images already built; the backend container still
#      recompiles what changed since, on its first start).
# Exit codes: 0 passed, 1 failed, 3 this machine cannot run containers (see docker-lib.sh).
# shellcheck disable=SC2015 # `cond && pass ... || fail ...`: pass always succeeds
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

port_base="${DOCKER_TEST_DEV_PORT_BASE:-10000}"
frontend_port=$((port_base + 3000))
backend_port=$((port_base + 8000))
redis_port=$((port_base + 6379))
project=exodetect-devtest
test_name=docker-test-dev
# shellcheck source=scripts/docker-lib.sh
source scripts/docker-lib.sh

docker_prepare "$repo"

# --- the copy of the sources, the override that mounts it, the ports --------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/exodetect-devtest.XXXXXX")"
chmod 755 "$tmp"
mkdir -p "$tmp/src"
# Sources only, with their modification times (the backend build volume compares them).
tar -C "$repo" -c --exclude='backend/build*' --exclude=frontend/node_modules \
  --exclude=frontend/.next --exclude=frontend/test-results --exclude=frontend/playwright-report \
  backend frontend | tar -C "$tmp/src" -x
cat >"$tmp/override.yml" <<EOF
services:
  backend:
    volumes:
      - $tmp/src/backend:/src/backend:ro
  frontend:
    volumes:
      - $tmp/src/frontend:/app
EOF
cat >"$tmp/env" <<EOF
DEV_FRONTEND_PORT=$frontend_port
DEV_BACKEND_PORT=$backend_port
DEV_REDIS_PORT=$redis_port
LOG_LEVEL=info
WORKERS=2
EOF
compose() {
  "${compose_bin[@]}" -p "$project" -f docker-compose.yml -f "$tmp/override.yml" --env-file "$tmp/env" "$@"
}

trap stack_cleanup EXIT

# The published ports when nothing overrides them: the ones this deployment always used.
: >"$tmp/empty.env"
ports="$(env -u DEV_FRONTEND_PORT -u DEV_BACKEND_PORT -u DEV_REDIS_PORT "${compose_bin[@]}" \
  -p "$project" -f docker-compose.yml --env-file "$tmp/empty.env" config 2>/dev/null |
  grep -oE 'published: "?[0-9]+' | grep -oE '[0-9]+' | sort -n | tr '\n' ' ' || true)"
[[ "$ports" == "3000 6379 8000 " ]] && pass "default host ports 3000, 8000, 6379 (${ports% })" ||
  fail "default host ports: '$ports'"

# --- build and up -----------------------------------------------------------------------------
if [[ "${DOCKER_TEST_SKIP_BUILD:-0}" == 1 ]]; then
  say "DOCKER_TEST_SKIP_BUILD=1: using the development images already built"
else
  say "building the development images (the backend image compiles the C++ once)"
  build_images frontend backend
fi

say "starting the development stack (project $project; UI :$frontend_port, API :$backend_port, redis :$redis_port)"
t_up=$(now)
t_up_s=$(date +%s)
compose up -d >"$tmp/up.log" 2>&1 || {
  cat "$tmp/up.log" >&2
  die "docker-compose up failed"
}
# The frontend's first page compiles on demand; its health check waits for that.
wait_healthy 600 || die "the stack did not become healthy"
say "stack healthy $(elapsed "$t_up" "$(now)") s after 'up'"

# --- order and health -------------------------------------------------------------------------
# Each service starts only after what it depends on reported healthy (docker events record it).
healthy_at() {
  docker events --since "$t_up_s" --until "$(date +%s)" --filter "container=$1" \
    --filter event=health_status --format '{{.TimeNano}} {{.Status}}' |
    awk '$3 == "healthy" { print $1; exit }'
}
started_at() {
  python3 -c 'import datetime,sys
s = sys.argv[1].rstrip("Z"); base, frac = (s.split(".") + ["0"])[:2]
t = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
print(int(t.timestamp()) * 10**9 + int((frac + "000000000")[:9]))' "$(docker inspect -f '{{.State.StartedAt}}' "$1")"
}
redis_id="$(container_of redis)"
backend_id="$(container_of backend)"
worker_id="$(container_of worker)"
frontend_id="$(container_of frontend)"
redis_ok="$(healthy_at "$redis_id")"
backend_ok="$(healthy_at "$backend_id")"
for pair in "backend $backend_id $redis_ok redis" "worker $worker_id $backend_ok backend" \
  "frontend $frontend_id $backend_ok backend"; do
  read -r svc id dep_ok dep <<<"$pair"
  started="$(started_at "$id")"
  if [[ -n "$dep_ok" ]] && ((started > dep_ok)); then
    pass "$svc started $(awk -v a="$started" -v b="$dep_ok" 'BEGIN{printf "%.1f", (a-b)/1e9}') s after $dep became healthy"
  else
    fail "$svc started at $started, $dep healthy at '${dep_ok:-never}'"
  fi
done
for svc in redis backend frontend; do
  [[ "$(docker inspect -f '{{.State.Health.Status}}' "$(container_of "$svc")")" == healthy ]] &&
    pass "$svc healthy" || fail "$svc not healthy"
done

pong="$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$redis_port; printf 'PING\r\n' >&3; head -c 7 <&3" || true)"
[[ "$pong" == "+PONG"* ]] && pass "redis answers on host port $redis_port" || fail "redis on :$redis_port: '$pong'"

health="$(curl -sS --max-time 10 "http://127.0.0.1:$backend_port/health" || true)"
if [[ "$(echo "$health" | json_get 'd["status"], d["queue"]["backend"], d["queue"]["reachable"]' 2>/dev/null)" == "('ok', 'redis', True)" ]]; then
  pass "/health on :$backend_port: ok, queue on redis"
else
  fail "/health on :$backend_port: $health"
fi
mount="$(docker inspect -f '{{range .Mounts}}{{if eq .Destination "/src/backend"}}{{.Source}}{{end}}{{end}}' "$backend_id")"
[[ "$mount" == "$tmp/src/backend" ]] && pass "backend runs on the mounted sources ($mount)" ||
  fail "backend source mount: '$mount'"

body="$(curl -sS --max-time 120 -w '\n%{http_code}' "http://127.0.0.1:$frontend_port/lab" || true)"
[[ "${body##*$'\n'}" == 200 && "$body" == *"<title>exodetect"* ]] && pass "UI (next dev) on :$frontend_port/lab" ||
  fail "UI on :$frontend_port/lab: HTTP ${body##*$'\n'}"

# --- a search through the UI's proxy, run by the worker service -------------------------------
# WASP-46 b, P = 1.4303699 d (data/SOURCES.md). The dev server runs --no-workers: only the worker
# container takes jobs.
lc=data/lightcurves/tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz
ui_api="http://127.0.0.1:$frontend_port/api/v1"
submit="$(curl -sS --max-time 60 -F "file=@$lc" "$ui_api/searches" || true)"
search_id="$(echo "$submit" | json_get 'd["id"]' 2>/dev/null || true)"
if [[ "$search_id" =~ ^[0-9a-f]{32}$ ]]; then
  job="$(wait_search "$ui_api/searches/$search_id" curl -sS --max-time 10)"
  status="$(echo "$job" | json_get 'd["status"]' 2>/dev/null || true)"
  period="$(echo "$job" | nearest_period 1.4303699)"
  if [[ "$status" == "done" ]] && awk -v p="$period" 'BEGIN { exit !(p > 1.42 && p < 1.44) }'; then
    pass "search through :$frontend_port/api: done, P = $period d (WASP-46 b: 1.43037)"
  else
    fail "search $search_id: status '$status', nearest period '$period'"
  fi
  docker logs "$worker_id" 2>&1 | grep '"job_finished"' | grep -q "$search_id" &&
    pass "the worker container ran it" || fail "search $search_id is not in the worker's log"
else
  fail "search submit: ${submit:0:300}"
fi

# --- backend: a source edit is rebuilt, the server and the worker restart on it ---------------
# A string the linker keeps, so the binary changes and the worker (which follows the binary)
# restarts too; the edit is in the copy only.
marker="exodetect-devtest-$(openssl rand -hex 6)"
printf '\n[[maybe_unused]] __attribute__((used)) static const char kDevTestMarker[] = "%s";\n' \
  "$marker" >>"$tmp/src/backend/apps/exodetect/main.cpp"
say "edited backend/apps/exodetect/main.cpp (in the copy); waiting for the rebuild"
t_edit=$(now)
rebuilt=0
for _ in $(seq 600); do
  if docker exec "$backend_id" grep -q "$marker" /build/bin/exodetect 2>/dev/null; then
    rebuilt=1
    break
  fi
  sleep 1
done
if [[ $rebuilt == 1 ]]; then
  pass "backend rebuilt the edited source in $(elapsed "$t_edit" "$(now)") s"
else
  fail "no rebuilt binary after 600 s"
fi
# Both processes restart on the new binary: a "listening" / "worker_started" line after the edit.
restarted() {
  docker logs --since "$(date -u -d "@${t_edit%.*}" +%Y-%m-%dT%H:%M:%SZ)" "$1" 2>&1 | grep -q "\"$2\""
}
for _ in $(seq 120); do
  restarted "$backend_id" listening && restarted "$worker_id" worker_started && break
  sleep 1
done
restarted "$backend_id" listening && pass "backend server restarted on the new binary" ||
  fail "backend server did not restart after the rebuild"
restarted "$worker_id" worker_started && pass "worker restarted on the new binary" ||
  fail "worker did not restart after the rebuild"
wait_healthy 120 && pass "stack healthy again after the backend restart" ||
  fail "stack not healthy after the backend restart"
health="$(curl -sS --max-time 10 "http://127.0.0.1:$backend_port/health" || true)"
[[ "$(echo "$health" | json_get 'd["status"]' 2>/dev/null)" == ok ]] && pass "/health ok after the restart" ||
  fail "/health after the restart: $health"

# --- frontend: an edit is hot-reloaded by next dev ---------------------------------------------
ui_marker="devtest-$(openssl rand -hex 6)"
layout="$tmp/src/frontend/src/app/layout.tsx"
grep -q "description: '" "$layout" || die "layout.tsx has no description to edit"
sed -i "s/description: '/description: '$ui_marker /" "$layout"
t_edit=$(now)
reloaded=0
for _ in $(seq 120); do
  if curl -sS --max-time 60 "http://127.0.0.1:$frontend_port/lab" 2>/dev/null | grep -q "$ui_marker"; then
    reloaded=1
    break
  fi
  sleep 1
done
[[ $reloaded == 1 ]] && pass "frontend served the edited layout $(elapsed "$t_edit" "$(now)") s after the edit (hot reload)" ||
  fail "frontend did not pick up the edit within 120 s"

if [[ $failures -ne 0 ]]; then
  say "$failures check(s) FAILED"
  exit 1
fi
say "all checks passed"
