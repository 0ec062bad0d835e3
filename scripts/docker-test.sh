#!/usr/bin/env bash
# The container test (`make docker-test`): builds the images, brings up the production stack
# (docker-compose.prod.yml) under its own project name with generated secrets and a self-signed
# certificate, checks it through nginx over HTTPS, restarts it, checks again, prints image sizes
# and start times, and tears everything down (images stay, as a build cache).
#
# Needs a Docker engine (started here as `dockerd --iptables=false --bridge=none` when none runs
# and we are root) and docker-compose 1.29+ or `docker compose`. Without registry access, the
# base images are built locally by scripts/docker-local-bases.sh.
# Env: DOCKER_TEST_HTTP_PORT / DOCKER_TEST_HTTPS_PORT (host ports, default 18080 / 18443),
#      DOCKER_TEST_KEEP=1 (leave the stack up on failure, to look at it),
#      DOCKER_TEST_MODELS_DIR (models folder mounted into the backend; default ml/models),
#      DOCKER_TEST_SKIP_BUILD=1 (test the images already tagged :dockertest, e.g. when iterating).
# `cond && pass ... || fail ...` is if-then-else here: pass always succeeds.
# shellcheck disable=SC2015
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

http_port="${DOCKER_TEST_HTTP_PORT:-18080}"
https_port="${DOCKER_TEST_HTTPS_PORT:-18443}"
project=exodetect-dockertest
upload_limit_mb=5
failures=0

say() { echo "docker-test: $*" >&2; }
pass() { echo "  ok   $*" >&2; }
fail() {
  echo "  FAIL $*" >&2
  failures=$((failures + 1))
}
die() {
  say "$*"
  exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- engine -----------------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] || die "no Docker engine answers and we are not root to start one"
  command -v dockerd >/dev/null || die "dockerd missing: scripts/install-deps.sh docker"
  say "starting dockerd --iptables=false --bridge=none (log: /var/log/exodetect-dockerd.log)"
  nohup dockerd --iptables=false --bridge=none >/var/log/exodetect-dockerd.log 2>&1 &
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || die "dockerd did not come up; see /var/log/exodetect-dockerd.log"
fi
if command -v docker-compose >/dev/null; then
  compose_bin=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose_bin=(docker compose)
else
  die "neither docker-compose nor 'docker compose' is installed"
fi

# --- base images ------------------------------------------------------------------------------
bases=(debian:bookworm-slim node:20-bookworm-slim redis:7.4-bookworm nginx:1.28-bookworm)
missing=()
for b in "${bases[@]}"; do
  docker image inspect "$b" >/dev/null 2>&1 || missing+=("$b")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  pulled=1
  for b in "${missing[@]}"; do
    timeout 120 docker pull -q "$b" >/dev/null 2>&1 || { pulled=0; break; }
  done
  if [[ $pulled -eq 0 ]]; then
    say "no registry: building local stand-ins for the base images"
    scripts/docker-local-bases.sh
  fi
fi

# --- configuration: generated secrets, self-signed pair, test ports ---------------------------
tmp="$(mktemp -d "${TMPDIR:-/tmp}/exodetect-dockertest.XXXXXX")"
chmod 755 "$tmp"
scripts/make-ssl-cert.sh "$tmp/ssl" localhost 127.0.0.1 2>/dev/null
# nginx reads the key as uid 101 (make-ssl-cert.sh hands it over when run as root).
if [[ $(id -u) -ne 0 ]]; then
  sudo -n chown 101:101 "$tmp/ssl/privkey.pem" || die "cannot give the test key to uid 101 (needs root or sudo)"
fi
admin_password="$(openssl rand -hex 12)"
cat >"$tmp/env" <<EOF
EXODETECT_JWT_SECRET=$(openssl rand -hex 32)
REDIS_PASSWORD=$(openssl rand -hex 24)
EXODETECT_ADMIN_EMAIL=admin@dockertest.invalid
EXODETECT_ADMIN_PASSWORD=$admin_password
EXODETECT_MAX_UPLOAD_MB=$upload_limit_mb
HTTP_PORT=$http_port
HTTPS_PORT=$https_port
NGINX_SSL_DIR=$tmp/ssl
WORKERS=2
LOG_LEVEL=info
EXODETECT_TAG=dockertest
MODELS_DIR=${DOCKER_TEST_MODELS_DIR:-$repo/ml/models}
EOF
compose() { "${compose_bin[@]}" -p "$project" -f docker-compose.prod.yml --env-file "$tmp/env" "$@"; }

cleanup() {
  local rc=$?
  if [[ $rc -ne 0 || $failures -ne 0 ]]; then
    say "logs of the stack (last lines per service):"
    compose logs --no-color --tail=30 2>&1 | tail -150 >&2 || true
  fi
  if [[ "${DOCKER_TEST_KEEP:-0}" == 1 && ($rc -ne 0 || $failures -ne 0) ]]; then
    say "DOCKER_TEST_KEEP=1: stack left up (project $project, env $tmp/env)"
    return
  fi
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- build ------------------------------------------------------------------------------------
if [[ "${DOCKER_TEST_SKIP_BUILD:-0}" == 1 ]]; then
  say "DOCKER_TEST_SKIP_BUILD=1: testing the images already tagged :dockertest"
else
  say "building images (backend compiles the C++: minutes on a small machine)"
  t_build=$(now)
  compose build >"$tmp/build.log" 2>&1 || {
    tail -60 "$tmp/build.log" >&2
    die "image build failed (last lines above)"
  }
  say "images built in $(elapsed "$t_build" "$(now)") s"
fi

# --- production refuses default secrets -------------------------------------------------------
say "production refuses missing or default secrets"
for secret in "" exodetect-dev-secret-change-me too-short; do
  out="$(timeout 30 docker run --rm --network none -e EXODETECT_ENV=production \
    -e EXODETECT_JWT_SECRET="$secret" exodetect-backend:dockertest 2>&1)" && rc=0 || rc=$?
  if [[ $rc -ne 0 && $rc -ne 124 && "$out" == *EXODETECT_JWT_SECRET* ]]; then
    pass "backend refuses JWT secret '${secret}' (exit $rc)"
  else
    fail "backend with JWT secret '${secret}': exit $rc, '${out:0:200}'"
  fi
done
if env -u EXODETECT_JWT_SECRET -u REDIS_PASSWORD "${compose_bin[@]}" -p "$project" \
  -f docker-compose.prod.yml --env-file .env.example config -q >/dev/null 2>&1; then
  fail "compose accepts .env.example's empty secrets"
else
  pass "compose refuses to start with .env.example's empty secrets"
fi

# --- helpers ----------------------------------------------------------------------------------
base_url="https://localhost:$https_port"
curl_tls=(curl -sS --max-time 60 --cacert "$tmp/ssl/fullchain.pem")

container_of() { compose ps -q "$1" | head -1; }

# Waits until every container of the project that has a health check is healthy.
wait_healthy() {
  local deadline=$(($(date +%s) + ${1:-300})) ids id state pending
  while true; do
    pending=0
    ids="$(compose ps -q)"
    [[ -n "$ids" ]] || pending=1
    for id in $ids; do
      state="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id")"
      case "$state" in
        "running healthy" | "running none") ;;
        "running starting") pending=1 ;;
        *)
          say "container $(docker inspect -f '{{.Name}}' "$id") is '$state'"
          return 1
          ;;
      esac
    done
    [[ $pending -eq 0 ]] && return 0
    [[ $(date +%s) -lt $deadline ]] || return 1
    sleep 0.5
  done
}

json_get() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {"d": d}))' "$1"; }

# --- up ---------------------------------------------------------------------------------------
bring_up() {
  local t0
  t0=$(now)
  compose up -d >"$tmp/up.log" 2>&1 || {
    cat "$tmp/up.log" >&2
    return 1
  }
  wait_healthy 300 || {
    cat "$tmp/up.log" >&2
    return 1
  }
  up_seconds="$(elapsed "$t0" "$(now)")"
}

say "starting the production stack (project $project, https://localhost:$https_port)"
bring_up || die "the stack did not become healthy"
first_up_seconds="$up_seconds"
backend_id="$(container_of backend)"
# The backend's own start: container start to its "listening" log line.
backend_start_ms="$(python3 - "$backend_id" <<'EOF'
import json, subprocess, sys, datetime
cid = sys.argv[1]
started = json.loads(subprocess.check_output(["docker", "inspect", cid]))[0]["State"]["StartedAt"]
logs = subprocess.run(["docker", "logs", "--timestamps", cid], capture_output=True, text=True)
def ts(text):  # RFC 3339 with nanoseconds -> seconds
    date, frac = text.rstrip("Z").split(".")
    t = datetime.datetime.strptime(date, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return t.timestamp() + float("0." + frac)
for line in (logs.stdout + logs.stderr).splitlines():
    if '"listening"' in line:
        print(round((ts(line.split()[0]) - ts(started)) * 1000))
        break
else:
    print("?")
EOF
)"
say "stack healthy $first_up_seconds s after 'up'; backend listening ${backend_start_ms} ms after its container started"

# --- checks through nginx ---------------------------------------------------------------------
say "checks through nginx over HTTPS"

health="$("${curl_tls[@]}" "$base_url/health" || true)"
if [[ "$(echo "$health" | json_get 'd["status"]' 2>/dev/null)" == ok ]]; then
  pass "/health: status ok"
else
  fail "/health: $health"
fi

loc="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$http_port/lab?x=1")"
if [[ "$loc" == "301 https://localhost:$https_port/lab?x=1" ]]; then
  pass "HTTP redirects to HTTPS ($loc)"
else
  fail "HTTP redirect: got '$loc'"
fi

headers="$("${curl_tls[@]}" -D - -o /dev/null -H 'Accept-Encoding: gzip' "$base_url/openapi.json" | tr -d '\r')"
for h in 'strict-transport-security: max-age=' 'x-content-type-options: nosniff' 'x-frame-options: DENY' \
  'content-security-policy: ' 'content-encoding: gzip'; do
  if grep -qi "^$h" <<<"$headers"; then pass "header ${h%%:*}"; else fail "header missing: $h"; fi
done
if grep -qi '^server: nginx/' <<<"$headers"; then fail "nginx version is disclosed"; fi
code="$("${curl_tls[@]}" -o /dev/null -w '%{http_code}' "$base_url/docs")"
[[ "$code" == 200 ]] && pass "/docs: 200" || fail "/docs: $code"
code="$("${curl_tls[@]}" -o /dev/null -w '%{http_code}' "$base_url/metrics")"
[[ "$code" == 404 ]] && pass "/metrics is not public (404)" || fail "/metrics through nginx: $code"

# A prediction for a real KOI row (CONFIRMED Kepler-227 b, the first row of the catalogue).
koi_row="$(python3 - data/catalogs/koi_cumulative_2025-10-04.csv.gz <<'EOF'
import csv, gzip, io, json, sys
with gzip.open(sys.argv[1], "rt") as f:
    rows = csv.DictReader(line for line in f if not line.startswith("#"))
    row = next(rows)
print(json.dumps({"rows": [{k: v for k, v in row.items() if v != ""}]}))
EOF
)"
pred="$("${curl_tls[@]}" -H 'Content-Type: application/json' -d "$koi_row" "$base_url/api/v1/predict" || true)"
prob="$(echo "$pred" | json_get 'd["predictions"][0]["planet_probability"]' 2>/dev/null || true)"
if [[ "$prob" =~ ^[0-9.eE+-]+$ ]] && awk -v p="$prob" 'BEGIN { exit !(p >= 0 && p <= 1) }'; then
  pass "prediction: planet_probability $prob"
else
  fail "prediction: ${pred:0:300}"
fi

# A light-curve search to completion: WASP-46 b, P = 1.4303699 d (data/SOURCES.md).
lc=data/lightcurves/tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz
submit="$("${curl_tls[@]}" -F "file=@$lc" "$base_url/api/v1/searches" || true)"
search_id="$(echo "$submit" | json_get 'd["id"]' 2>/dev/null || true)"
search_status=""
if [[ "$search_id" =~ ^[0-9a-f]{32}$ ]]; then
  t_search=$(now)
  for _ in $(seq 600); do
    job="$("${curl_tls[@]}" "$base_url/api/v1/searches/$search_id" || true)"
    search_status="$(echo "$job" | json_get 'd["status"]' 2>/dev/null || true)"
    [[ "$search_status" == "done" || "$search_status" == "failed" ]] && break
    sleep 0.5
  done
  echo "$job" >"$tmp/search1.json"
  period_found="$(python3 - "$tmp/search1.json" <<'EOF'
import json, sys
def periods(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "period" and isinstance(v, (int, float)):
                yield v
            else:
                yield from periods(v)
    elif isinstance(x, list):
        for v in x:
            yield from periods(v)
found = [p for p in periods(json.load(open(sys.argv[1])).get("result")) if abs(p - 1.4303699) < 0.01]
print(found[0] if found else "")
EOF
)"
  if [[ "$search_status" == "done" && -n "$period_found" ]]; then
    pass "search of $(basename "$lc"): done in $(elapsed "$t_search" "$(now)") s, P = $period_found d (WASP-46 b: 1.43037)"
  else
    fail "search $search_id: status '$search_status', WASP-46 b period found: '${period_found}'"
  fi
else
  fail "search submit: ${submit:0:300}"
fi

# The UI's pages, and one of their static assets (cached by nginx).
for page in /lab /catalogue /classify /models /account; do
  body="$("${curl_tls[@]}" -w '\n%{http_code}' "$base_url$page" || true)"
  if [[ "${body##*$'\n'}" == 200 && "$body" == *"<title>exodetect"* ]]; then
    pass "UI page $page"
  else
    fail "UI page $page: HTTP ${body##*$'\n'}"
  fi
done
asset="$("${curl_tls[@]}" "$base_url/lab" | grep -o '/_next/static/[^"]*\.js' | head -1 || true)"
code="$("${curl_tls[@]}" -o /dev/null -w '%{http_code}' "$base_url$asset")"
[[ -n "$asset" && "$code" == 200 ]] && pass "static asset $asset" || fail "static asset '$asset': $code"

# The UI's cookie login, then an API call carrying only the cookie (nginx turns it into a token).
jar="$tmp/cookies"
login="$("${curl_tls[@]}" -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@dockertest.invalid\",\"password\":\"$admin_password\"}" "$base_url/api/session/login" || true)"
me="$("${curl_tls[@]}" -b "$jar" "$base_url/api/v1/auth/me" || true)"
if [[ "$me" == *admin@dockertest.invalid* ]]; then
  pass "cookie login through the UI, then /api/v1/auth/me with the cookie alone"
else
  fail "cookie login: login '${login:0:200}', me '${me:0:200}'"
fi

# Over the upload limit: refused with 413 (by nginx or the backend) in the API's error shape.
head -c $(((upload_limit_mb + 2) * 1024 * 1024)) /dev/urandom >"$tmp/too-big.fits"
resp="$("${curl_tls[@]}" -w '\n%{http_code}' -F "file=@$tmp/too-big.fits" "$base_url/api/v1/searches" || true)"
if [[ "${resp##*$'\n'}" == 413 && "$resp" == *'"error"'* ]]; then
  pass "upload over ${upload_limit_mb} MB: 413 with a JSON error"
else
  fail "over-limit upload: ${resp: -200}"
fi

# Logs: the API and each worker also write rotating JSON log files into the backend_logs volume.
for svc in backend worker; do
  id="$(container_of "$svc")"
  if [[ -n "$id" ]] && docker exec "$id" sh -c 'grep -q "\"level\"" /app/logs/*.log' 2>/dev/null; then
    pass "$svc writes its JSON log into the backend_logs volume"
  else
    fail "$svc: no log file in /app/logs"
  fi
done

# --- container properties ---------------------------------------------------------------------
for svc in nginx frontend backend worker redis; do
  id="$(container_of "$svc")"
  [[ -n "$id" ]] || {
    fail "$svc: no container"
    continue
  }
  uids="$(docker exec "$id" sh -c 'grep -h "^Uid:" /proc/[0-9]*/status' | awk '{print $2, $3}' | sort -u | tr '\n' ' ')"
  if [[ -n "$uids" && ! " $uids" =~ \ 0\  ]]; then
    pass "$svc runs as non-root (uids $uids)"
  else
    fail "$svc has root processes (real/effective uids: $uids)"
  fi
  [[ "$(docker inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$id")" == true ]] &&
    pass "$svc has a read-only root file system" || fail "$svc root file system is writable"
done
# TCP connect + one line exchanged, with the perl every Debian-based image has.
perl_probe() {
  docker exec "$(container_of "$1")" perl -e 'use IO::Socket::INET;
my $s = IO::Socket::INET->new(PeerAddr => $ARGV[0], Timeout => 3) or do { print "unreachable"; exit 1 };
print $s "PING\r\n"; my $l = <$s> // ""; $l =~ s/\s+$//; print $l; exit 0' "$2" 2>&1 || true
}
out="$(perl_probe backend redis:6379)"
[[ "$out" == -NOAUTH* ]] && pass "backend reaches redis, which wants the password ($out)" ||
  fail "backend to redis: '$out'"
# TCP connect from the frontend with node; the same probe must reach the backend (control).
node_probe() {
  docker exec "$(container_of frontend)" node -e "const s = require('net').connect($2, '$1');
s.on('connect', () => { console.log('connected'); process.exit(0); });
s.on('error', e => { console.log(e.code); process.exit(1); });
setTimeout(() => { console.log('timeout'); process.exit(1); }, 5000);" 2>&1 || true
}
out="$(node_probe backend 8000)"
[[ "$out" == connected ]] && pass "frontend reaches backend:8000 (probe control)" || fail "frontend to backend: '$out'"
out="$(node_probe redis 6379)"
if [[ "$out" =~ ^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|timeout)$ ]]; then
  pass "frontend cannot reach redis ($out)"
else
  fail "frontend to redis: '$out'"
fi
out="$(perl_probe nginx backend:8000)"
[[ "$out" == HTTP/* ]] && pass "nginx reaches backend:8000 (probe control: $out)" || fail "nginx to backend: '$out'"
out="$(perl_probe nginx redis:6379)"
[[ "$out" == unreachable ]] && pass "nginx cannot reach redis" || fail "nginx to redis: '$out'"
[[ -z "$(docker port "$(container_of redis)")" ]] && pass "redis publishes no port" || fail "redis port is published"
limits="$(docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}' "$(container_of backend)")"
[[ "$limits" == "1073741824 unless-stopped" ]] && pass "backend memory limit and restart policy ($limits)" ||
  fail "backend limits/restart policy: '$limits'"

# --- scale, restart, persistence --------------------------------------------------------------
compose up -d --no-recreate --scale worker=2 >/dev/null 2>&1 || true
n_workers="$(compose ps -q worker | wc -l)"
[[ "$n_workers" == 2 ]] && pass "scaled to 2 workers" || fail "scale worker=2 gave $n_workers"

say "restarting the stack (down, up) to check that results persist"
compose down >/dev/null 2>&1
bring_up || die "the stack did not come back healthy"
restart_up_seconds="$up_seconds"
if [[ -n "$search_id" ]]; then
  again="$("${curl_tls[@]}" "$base_url/api/v1/searches/$search_id" || true)"
  echo "$again" >"$tmp/search2.json"
  same="$(python3 -c 'import json,sys; a,b=(json.load(open(p)) for p in sys.argv[1:]); print(a.get("result") == b.get("result") and b.get("status") == "done")' "$tmp/search1.json" "$tmp/search2.json" 2>/dev/null || echo False)"
  [[ "$same" == True ]] && pass "after the restart search $search_id is still there, same result" ||
    fail "after the restart search $search_id: ${again:0:200}"
fi
me="$("${curl_tls[@]}" -b "$jar" "$base_url/api/v1/auth/me" || true)"
[[ "$me" == *admin@dockertest.invalid* ]] && pass "login survives the restart" || fail "login after restart: ${me:0:200}"

# --- report -----------------------------------------------------------------------------------
size_mb() { docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%.1f", $1 / 1e6}'; }
say "image sizes (MB; 'added' = on top of the base image the final stage starts from):"
printf '  %-32s %8s %8s  %s\n' image total added base >&2
for pair in "exodetect-backend:dockertest debian:bookworm-slim" \
  "exodetect-frontend:dockertest debian:bookworm-slim" \
  "exodetect-nginx:dockertest nginx:1.28-bookworm" "redis:7.4-bookworm -"; do
  read -r img base <<<"$pair"
  total="$(size_mb "$img")"
  if [[ "$base" == - ]]; then
    printf '  %-32s %8s %8s  %s\n' "$img" "$total" - "(used as is)" >&2
  else
    printf '  %-32s %8s %8s  %s\n' "$img" "$total" "$(awk -v a="$total" -v b="$(size_mb "$base")" 'BEGIN{printf "%.1f", a-b}')" "$base" >&2
  fi
done
say "seconds from 'up' to all healthy: $first_up_seconds (first), $restart_up_seconds (restart);" \
  "backend listening ${backend_start_ms} ms after its container started"

if [[ $failures -ne 0 ]]; then
  say "$failures check(s) FAILED"
  exit 1
fi
say "all checks passed"
