#!/usr/bin/env bash
# The container test (`make docker-test`): builds the images, brings up the production stack
# (docker-compose.prod.yml) under its own project name with generated secrets and a self-signed
# certificate, checks it through nginx over HTTPS, restarts it, checks again, prints image sizes
# and start times, and tears everything down (images stay, as a build cache).
#
# Needs a Docker engine (scripts/docker-engine.sh starts one when none runs and we are root) and
# docker-compose 1.29+ or `docker compose`. Without registry access, the base images are built
# locally by scripts/docker-local-bases.sh. Exit codes: 0 passed, 1 failed, 3 this machine cannot
# run containers (the reason is printed; CI reports a skip).
# Env: DOCKER_TEST_HTTP_PORT / DOCKER_TEST_HTTPS_PORT (host ports, default 18080 / 18443),
#      DOCKER_TEST_KEEP=1 (leave the stack up on failure, to look at it),
#      DOCKER_TEST_MODELS_DIR (models folder mounted into the backend; default ml/models),
#      DOCKER_TEST_SKIP_BUILD=1 (test the images already tagged :dockertest, e.g. when iterating).
# shellcheck disable=SC2015 # `cond && pass ... || fail ...`: pass always succeeds
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

http_port="${DOCKER_TEST_HTTP_PORT:-18080}"
https_port="${DOCKER_TEST_HTTPS_PORT:-18443}"
project=exodetect-dockertest
upload_limit_mb=5
test_name=docker-test
# shellcheck source=scripts/docker-lib.sh
source scripts/docker-lib.sh

docker_prepare "$repo"

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

trap stack_cleanup EXIT

# --- build ------------------------------------------------------------------------------------
if [[ "${DOCKER_TEST_SKIP_BUILD:-0}" == 1 ]]; then
  say "DOCKER_TEST_SKIP_BUILD=1: testing the images already tagged :dockertest"
else
  say "building images (backend compiles the C++: minutes on a small machine)"
  build_images nginx frontend backend
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
  job="$(wait_search "$base_url/api/v1/searches/$search_id" "${curl_tls[@]}")"
  search_status="$(echo "$job" | json_get 'd["status"]' 2>/dev/null || true)"
  echo "$job" >"$tmp/search1.json"
  period_found="$(echo "$job" | nearest_period 1.4303699)"
  if [[ "$search_status" == "done" ]] && awk -v p="$period_found" 'BEGIN { exit !(p > 1.42 && p < 1.44) }'; then
    pass "search of $(basename "$lc"): done in $(elapsed "$t_search" "$(now)") s, P = $period_found d (WASP-46 b: 1.43037)"
  else
    fail "search $search_id: status '$search_status', nearest period '${period_found}' (WASP-46 b: 1.43037)"
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
  # A process may exit between the glob and the read (a health check): not an error.
  uids="$(docker exec "$id" sh -c 'grep -hs "^Uid:" /proc/[0-9]*/status; true' | awk '{print $2, $3}' | sort -u | tr '\n' ' ')"
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
# Every service: memory and CPU limits and a restart policy.
for svc in nginx frontend backend worker redis; do
  read -r mem cpus policy <<<"$(docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.RestartPolicy.Name}}' "$(container_of "$svc")")"
  if [[ "$mem" -gt 0 && "$cpus" -gt 0 && "$policy" == unless-stopped ]]; then
    pass "$svc: limits $((mem / 1048576)) MB, $(awk -v c="$cpus" 'BEGIN{print c/1e9}') CPU; restart $policy"
  else
    fail "$svc limits/restart policy: memory '$mem', nano-CPUs '$cpus', restart '$policy'"
  fi
done

# Volumes as DOCKER_IMPLEMENTATION.md lists them: redis data, backend logs, nginx cache and logs
# (named volumes), models read-only (a bind mount of MODELS_DIR).
mounts_of() { docker inspect -f '{{range .Mounts}}{{.Destination}}={{if .Name}}{{.Name}}{{else}}{{.Source}}{{end}}:{{.RW}} {{end}}' "$(container_of "$1")"; }
for want in "redis /data=${project}_redis_data:true" \
  "backend /app/logs=${project}_backend_logs:true" "worker /app/logs=${project}_backend_logs:true" \
  "backend /app/var=${project}_backend_data:true" "worker /app/var=${project}_backend_data:true" \
  "nginx /var/cache/nginx=${project}_nginx_cache:true" "nginx /var/log/nginx=${project}_nginx_logs:true" \
  "backend /app/ml/models=$(grep '^MODELS_DIR=' "$tmp/env" | cut -d= -f2-):false" \
  "worker /app/ml/models=$(grep '^MODELS_DIR=' "$tmp/env" | cut -d= -f2-):false"; do
  read -r svc mount <<<"$want"
  [[ " $(mounts_of "$svc") " == *" $mount "* ]] && pass "$svc mounts $mount" || fail "$svc: no mount $mount in '$(mounts_of "$svc")'"
done
docker exec "$(container_of backend)" sh -c 'touch /app/ml/models/probe' 2>/dev/null &&
  fail "backend can write into the models folder" || pass "models are read-only in the backend"
# nginx writes its access log into nginx_logs and keeps the static assets in nginx_cache.
"${curl_tls[@]}" -o /dev/null "$base_url$asset" || true
if docker exec "$(container_of nginx)" sh -c 'grep -q "GET /lab" /var/log/nginx/access.log &&
  find /var/cache/nginx/static -type f | grep -q .'; then
  pass "nginx logs to /var/log/nginx and caches static assets in /var/cache/nginx"
else
  fail "nginx: no access log or no cached asset"
fi

# The environment names this deployment has always used, set where they apply.
for svc in backend worker frontend; do
  case "$svc" in
    frontend) names="NODE_ENV NEXT_PUBLIC_API_URL" ;;
    *) names="REDIS_HOST REDIS_PORT REDIS_PASSWORD MODEL_PATH LOG_LEVEL WORKERS" ;;
  esac
  envs="$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$(container_of "$svc")")"
  lacking=""
  for n in $names; do grep -q "^$n=." <<<"$envs" || lacking+=" $n"; done
  [[ -z "$lacking" ]] && pass "$svc has $names" || fail "$svc lacks$lacking"
done
# WORKERS=2 (the test's .env) is each worker container's thread count.
# Logs go through a variable: under pipefail, grep -q closing the pipe early fails the pipeline.
worker_logs="$(docker logs "$(container_of worker)" 2>&1 || true)"
grep '"worker_started"' <<<"$worker_logs" | grep -q '"threads":2,' &&
  pass "worker runs WORKERS=2 job threads" || fail "worker does not run WORKERS=2 threads"

# --- scale ------------------------------------------------------------------------------------
compose up -d --no-recreate --scale worker=2 >/dev/null 2>&1 || true
sleep 3
workers="$(compose ps -q worker)"
n_running=0
for id in $workers; do
  worker_logs="$(docker logs "$id" 2>&1 || true)"
  [[ "$(docker inspect -f '{{.State.Running}}' "$id")" == true ]] &&
    grep -q '"worker_started".*"redis":true' <<<"$worker_logs" && n_running=$((n_running + 1))
done
[[ "$n_running" == 2 ]] && pass "--scale worker=2: 2 workers running on the redis queue" ||
  fail "--scale worker=2: $n_running of $(wc -w <<<"$workers") workers running on redis"
# Jobs still complete with two workers on the queue: WASP-62 b, P = 4.4119378 d.
lc2=data/lightcurves/tess2018206045859-s0001-0000000149603524-0120-s_lc.fits.gz
id2="$("${curl_tls[@]}" -F "file=@$lc2" "$base_url/api/v1/searches" | json_get 'd["id"]' 2>/dev/null || true)"
job2=""
[[ -z "$id2" ]] || job2="$(wait_search "$base_url/api/v1/searches/$id2" "${curl_tls[@]}")"
status2="$(echo "$job2" | json_get 'd["status"]' 2>/dev/null || true)"
p2="$(echo "$job2" | nearest_period 4.4119378)"
if [[ "$status2" == "done" ]] && awk -v p="$p2" 'BEGIN { exit !(p > 4.40 && p < 4.42) }'; then
  ran_by=""
  for id in $workers; do
    worker_logs="$(docker logs "$id" 2>&1 || true)"
    if [[ "$worker_logs" == *"\"id\":\"$id2\""* ]]; then
      ran_by="$(docker inspect -f '{{.Name}}' "$id")"
    fi
  done
  pass "search with 2 workers: done, P = $p2 d (WASP-62 b: 4.41194), run by ${ran_by#/}"
else
  fail "search with 2 workers: id '$id2', status '$status2', nearest period '$p2'"
fi

# --- recovery: a health check that finds no server stops it, the restart policy restarts it ---
# Runs the service's own health check pointed at a dead port (one failure is enough here) and
# waits for the container to be restarted and healthy again.
check_recovery() {  # service, then the docker exec arguments after the container
  local service="$1" id before state="" recovered=""
  shift
  id="$(container_of "$service")"
  before="$(docker inspect -f '{{.RestartCount}}' "$id")"
  docker exec "$@" >/dev/null 2>&1 || true
  for _ in $(seq 1 120); do
    state="$(docker inspect -f '{{.RestartCount}} {{.State.Status}} {{.State.Health.Status}}' "$id")"
    if [[ "$state" == "$((before + 1)) running healthy" ]]; then recovered=1; break; fi
    sleep 0.5
  done
  [[ -n "$recovered" ]] &&
    pass "$service with a failing health check: stopped by the check, restarted, healthy again" ||
    fail "$service recovery: restarts $before -> state '$state'"
}
check_recovery backend "$(container_of backend)" exodetect healthcheck --timeout 1 \
  --url http://127.0.0.1:9/health --restart-after 1
check_recovery frontend -e HEALTHCHECK_URL=http://127.0.0.1:9/ -e HEALTHCHECK_RESTART_AFTER=1 \
  "$(container_of frontend)" node healthcheck.cjs

# --- restart, persistence ---------------------------------------------------------------------
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
