#!/usr/bin/env bash
# Search jobs per minute through the API on Redis with 1, 2 and 4 `exodetect worker` processes:
# TESS sector light curves from data/lightcurves uploaded to POST /api/v1/searches, timed from
# the first upload until every job is done. Then survey stars per minute: `exodetect survey
# --redis` spreading STARS stars (the same sectors under distinct names) over 1, 2 and 4 workers,
# beside a local `exodetect survey --jobs 0` of the same stars.
#
#   backend/bench/api_jobs_bench.sh [BUILD_DIR]      (default: build)
#   JOBS=12 STARS=24 WORKER_COUNTS="1 2 4" PORT_BASE=18020 backend/bench/api_jobs_bench.sh build
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-build}"
[[ "$build" = /* ]] || build="$root/$build"
exodetect="$build/exodetect"
jobs="${JOBS:-12}"
stars="${STARS:-24}"
worker_counts="${WORKER_COUNTS:-1 2 4}"
port_base="${PORT_BASE:-18020}"
redis_port=$port_base
api_port=$((port_base + 1))
py=/usr/bin/python3

die() { echo "api_jobs_bench: $*" >&2; exit 1; }
[[ -x "$exodetect" ]] || die "no $exodetect (make build)"
command -v redis-server >/dev/null || die "redis-server missing (scripts/install-deps.sh test)"

work="$(mktemp -d /tmp/exodetect-jobs-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mapfile -t sectors < <(ls "$root"/data/lightcurves/tess*_lc.fits.gz "$root"/data/lightcurves/hlsp_tess*.fits.gz)
[[ ${#sectors[@]} -gt 0 ]] || die "no TESS light curves in data/lightcurves"
echo "api_jobs_bench: $jobs searches over ${#sectors[@]} TESS sectors, $(nproc) cores"

start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --loglevel warning >"$work/redis.log" 2>&1 &
  redis_pid=$!; pids+=("$redis_pid")
  sleep 0.5
}
start_workers() {  # count, name prefix (REDIS_URL and the rest from the environment)
  worker_pids=()
  for i in $(seq 1 "$1"); do
    "$exodetect" worker --name "$2-$i" >"$work/$2-worker-$i.log" 2>&1 &
    worker_pids+=($!); pids+=($!)
  done
}
stop_all() {  # extra pids
  kill "${worker_pids[@]}" "$@" 2>/dev/null || true
  wait "${worker_pids[@]}" "$@" 2>/dev/null || true
  kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
}

for n in $worker_counts; do
  start_redis
  export REDIS_URL="redis://127.0.0.1:$redis_port" EXODETECT_DATA_DIR="$work/data-$n"
  export LOG_LEVEL=warning EXODETECT_ENV=development EXODETECT_RATE_LIMIT_PER_MIN=1e9 EXODETECT_RATE_LIMIT_BURST=1e9
  export EXODETECT_MAX_QUEUE=1000 WORKERS=1 MODEL_PATH="${MODEL_PATH:-$root/ml/models}"
  "$exodetect" serve --host 127.0.0.1 --port "$api_port" --no-workers >"$work/api.log" 2>&1 &
  api_pid=$!; pids+=("$api_pid")
  start_workers "$n" bench
  for _ in $(seq 1 100); do
    "$exodetect" healthcheck --url "http://127.0.0.1:$api_port/health" --timeout 1 >/dev/null 2>&1 && break
    sleep 0.2
  done
  $py - "$api_port" "$jobs" "$n" "${sectors[@]}" <<'PY'
import json, sys, time, urllib.request, uuid
port, jobs, workers, files = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
base = f"http://127.0.0.1:{port}"
def upload(path, sde_min):
    boundary = uuid.uuid4().hex
    data = open(path, "rb").read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.split('/')[-1]}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + \
           (f"\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"sde_min\"\r\n\r\n{sde_min}"
            f"\r\n--{boundary}--\r\n").encode()
    req = urllib.request.Request(base + "/api/v1/searches", body,
                                 {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    return json.load(urllib.request.urlopen(req))["id"]
start = time.time()
# A distinct sde_min per job defeats the upload cache, so every job is a real search.
ids = [upload(files[i % len(files)], 7.0 + 0.001 * i) for i in range(jobs)]
pending = set(ids)
failed = 0
while pending:
    for i in list(pending):
        job = json.load(urllib.request.urlopen(f"{base}/api/v1/searches/{i}"))
        if job["status"] == "done" and "candidates" not in job.get("result", {}):
            sys.exit(f"api_jobs_bench: job {i} is done without a search report: {job}")
        if job["status"] in ("done", "failed"):
            failed += job["status"] == "failed"
            pending.discard(i)
    time.sleep(0.2)
elapsed = time.time() - start
print(f"workers={workers}: {jobs} searches in {elapsed:.1f} s = {60 * jobs / elapsed:.1f} jobs/min"
      f"{f' ({failed} failed)' if failed else ''}")
PY
  stop_all "$api_pid"
done

# Survey: the same stars under distinct names (symlinks), so every one is a separate search.
mkdir -p "$work/stars"
for i in $(seq 1 "$stars"); do
  ln -s "${sectors[$(((i - 1) % ${#sectors[@]}))]}" "$work/stars/star-$(printf %04d "$i").fits.gz"
done
survey_rate() {  # label, survey args...
  local label=$1; shift
  local out="$work/survey-$RANDOM.jsonl" t0 t1
  t0=$(date +%s.%N)
  "$exodetect" survey "$work/stars" --out "$out" "$@" 2>"$work/survey.log" ||
    die "survey ($label) failed: $(tail -3 "$work/survey.log")"
  t1=$(date +%s.%N)
  local ok; ok=$(grep -c '"status":"ok"' "$out" || true)
  [[ "$ok" -eq "$stars" ]] || die "survey ($label): $ok of $stars stars ok: $(tail -3 "$work/survey.log")"
  $py -c "import sys; n, s = int(sys.argv[2]), float(sys.argv[4]) - float(sys.argv[3]); print(f'survey {sys.argv[1]}: {n} stars in {s:.1f} s = {60 * n / s:.1f} stars/min')" \
    "$label" "$stars" "$t0" "$t1"
}
echo "api_jobs_bench: survey of $stars stars"
unset REDIS_URL
survey_rate "local (--jobs 0, no Redis)"
export REDIS_URL="redis://127.0.0.1:$redis_port"
for n in $worker_counts; do
  start_redis
  EXODETECT_DATA_DIR="$work/survey-data-$n" start_workers "$n" survey
  survey_rate "workers=$n (--redis)" --redis "$REDIS_URL"
  stop_all
done
