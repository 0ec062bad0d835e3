#!/usr/bin/env bash
# `exodetect survey --redis` on loopback: N TESS 2-minute light curves (symlinks cycling over the
# real sector files in data/lightcurves) searched, scored, by 1 and then 2 `exodetect worker`
# processes (one search thread each) through a private redis-server on a free port, each file
# uploaded through Redis or read by the workers from the shared folder (--shared-dir), against the
# local `exodetect survey --jobs 1` and `--jobs 2` on the same stars in the same run. Prints
# stars per minute (wall) and the CPU seconds of the workers, the client and redis.
# Usage: backend/bench/survey_redis_bench.sh [BUILD_DIR] [N_STARS]
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir="${1:-build}"
n_stars="${2:-60}"
[[ "${BENCH_QUICK:-0}" == 1 && $# -lt 2 ]] && n_stars=16  # scripts/bench.sh's smoke test
exe="$PWD/$build_dir/exodetect"
[[ -x "$exe" ]] || { echo "survey_redis_bench: $exe is missing: build first" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "survey_redis_bench: redis-server is missing" >&2; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mapfile -t sector < <(ls "$PWD"/data/lightcurves/tess2018*-s_lc.fits.gz \
  "$PWD"/data/lightcurves/hlsp_tess-data-alerts_*_lc.fits.gz)
# The shared folder: the sector files once, and the stars as links to them inside it.
mkdir -p "$work/shared/files" "$work/shared/stars"
cp "${sector[@]}" "$work/shared/files/"
for ((i = 0; i < n_stars; i++)); do
  f="$(basename "${sector[i % ${#sector[@]}]}")"
  ln -s "../files/$f" "$work/shared/stars/$(printf '%06d' "$i")_$f"
done
stars="$work/shared/stars"
port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
pids+=("$redis_pid")
for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
url="redis://127.0.0.1:$port"

cpu_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }  # clock ticks
tick="$(getconf CLK_TCK)"

# One survey of all the stars; prints "wall_s cpu_s" (cpu: client, workers and redis).
run() {
  local out="$work/out-$1.jsonl"
  shift
  local before_redis
  before_redis="$(cpu_of "$redis_pid")"
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$exe" survey "$stars" --max-planets 3 \
    --score --out "$out" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  read -r wall user sys <"$work/time"
  local workers_cpu=0
  for pid in "${worker_pids[@]}"; do workers_cpu=$((workers_cpu + $(cpu_of "$pid"))); done
  local redis_cpu=$(($(cpu_of "$redis_pid") - before_redis))
  echo "$wall $(awk -v u="$user" -v s="$sys" -v w="$workers_cpu" -v r="$redis_cpu" -v t="$tick" \
    'BEGIN {printf "%.2f %.2f %.2f", u + s, w / t, r / t}')"
}

worker_pids=()
start_workers() {  # fresh workers, so their CPU counts this survey only
  for pid in "${worker_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  worker_pids=()
  for ((w = 0; w < $1; w++)); do
    REDIS_URL="$url" WORKERS=1 MODEL_PATH="$PWD/ml/models" EXODETECT_DATA_DIR="$work/w$w" \
      EXODETECT_SURVEY_DIR="$work/shared" \
      LOG_LEVEL=warn "$exe" worker --name "bench-$w" >"$work/worker$w.log" 2>&1 &
    worker_pids+=($!)
    pids+=($!)
  done
  sleep 1
}

echo "| survey of $n_stars TESS 2-min stars | wall s | stars/min | client CPU s | workers CPU s | redis CPU s |"
echo "|---|---|---|---|---|---|"
for jobs in 1 2; do
  read -r wall client _ _ < <(run "local$jobs" --jobs "$jobs")
  awk -v j="$jobs" -v w="$wall" -v c="$client" -v n="$n_stars" \
    'BEGIN {printf "| local --jobs %d | %.2f | %.0f | %.2f | - | - |\n", j, w, 60 * n / w, c}'
done
for workers in 1 2; do
  for mode in upload shared; do
    start_workers "$workers"
    extra=()
    [[ "$mode" == shared ]] && extra=(--shared-dir "$work/shared")
    read -r wall client wcpu rcpu < <(run "redis$workers$mode" --redis "$url" "${extra[@]}")
    awk -v k="$workers" -v m="$mode" -v w="$wall" -v c="$client" -v x="$wcpu" -v r="$rcpu" \
      -v n="$n_stars" 'BEGIN {printf "| --redis, %d worker(s), files %s | %.2f | %.0f | %.2f | %.2f | %.2f |\n",
        k, (m == "shared" ? "read from the shared folder" : "uploaded"), w, 60 * n / w, c, x, r}'
  done
done
# Every star once in each output, the same candidates locally and through the queue.
/usr/bin/python3 - "$work"/out-*.jsonl <<'PY'
import json, sys
outs = {}
for path in sys.argv[1:]:
    rows = [json.loads(l) for l in open(path)]
    files = [r["file"] for r in rows]
    assert len(files) == len(set(files)), f"{path}: a star twice"
    outs[path] = {r["file"]: [c["period"] for c in r.get("candidates", [])] for r in rows}
first = next(iter(outs.values()))
same = all(o == first for o in outs.values())
print(f"\nevery star once in each output; same candidates in all: {'yes' if same else 'NO'}")
sys.exit(0 if same else 1)
PY
