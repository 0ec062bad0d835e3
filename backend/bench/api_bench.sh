#!/usr/bin/env bash
# Loads POST /api/v1/predict with wrk on exodetect and on the FastAPI + uvicorn (4 workers) +
# python3-xgboost reference, in the same run, and prints requests/s, p50/p99 latency, errors,
# the ratios, and resident memory sampled over the run.
#
#   backend/bench/api_bench.sh [BUILD_DIR]        (default: build)
#   DURATION=60 CONNECTIONS=64 THREADS=2 PORT_BASE=18010 backend/bench/api_bench.sh build
#
# It then loads each server's GET /health (no model, no gate) for FLOOR_DURATION seconds (default
# 10, 0 to skip) at the same connections, for scale: the latency that the transport and this
# machine's scheduling give a request that does no work.
#
# Every request carries a distinct body (real KOI rows in turn, koi_period nudged), so both
# servers really score and explain it: exodetect's predict cache never answers. The rows carry
# twelve KOI columns and none of the catalogue's context, as a client posts them, so exodetect
# scores them with the model's embedded candidate model (`scored_with` in each prediction). The cache is capped at
# EXODETECT_CACHE_MAX_MB=32 here so its plateau shows within the memory window.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-build}"
[[ "$build" = /* ]] || build="$root/$build"
exodetect="$build/exodetect"
duration="${DURATION:-30}"
floor_duration="${FLOOR_DURATION:-10}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
port_base="${PORT_BASE:-18010}"
exo_port=$port_base
ref_port=$((port_base + 1))
model_path="${MODEL_PATH:-$root/ml/models}"
koi="$root/data/catalogs/koi_cumulative_2025-10-04.csv.gz"
py=/usr/bin/python3

die() { echo "api_bench: $*" >&2; exit 1; }
[[ -x "$exodetect" ]] || die "no $exodetect (build first: make build)"
command -v wrk >/dev/null || die "wrk is missing (scripts/install-deps.sh bench)"
$py -c "import fastapi, uvicorn, xgboost" 2>/dev/null ||
  die "python3-fastapi, uvicorn or python3-xgboost missing (scripts/install-deps.sh bench)"
ls "$model_path"/*.exomodel >/dev/null 2>&1 || [[ -f "$model_path" ]] ||
  die "no model in $model_path (make model)"

work="$(mktemp -d /tmp/exodetect-api-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# wrk script: real KOI rows (the 4,000 first with all twelve columns below), taken in turn,
# koi_period nudged per request so that no two bodies are equal: every request is scored and
# explained (the predict cache never answers), and the trees see varied rows rather than one.
$py - "$koi" "$work/predict.lua" <<'PY'
import csv, gzip, io, json, sys
cols = ["koi_period", "koi_impact", "koi_duration", "koi_depth", "koi_prad", "koi_teq",
        "koi_insol", "koi_model_snr", "koi_steff", "koi_slogg", "koi_srad", "koi_kepmag"]
text = gzip.open(sys.argv[1], "rt").read()
table = csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#"))))
rows = []
for r in table:
    try:
        values = {c: float(r[c]) for c in cols}
    except (KeyError, ValueError):
        continue
    period = values.pop("koi_period")
    rows.append((period, json.dumps(values, separators=(",", ":"))[1:-1]))
    if len(rows) == 4000:
        break
with open(sys.argv[2], "w") as out:
    out.write("local rows = {\n")
    for period, rest in rows:
        out.write(f"  {{{period!r}, [[{rest}]]}},\n")
    out.write("""}
local counter = 0
-- A global: thread:set() assigns globals, which a local of the same name would hide (both threads
-- would then send the same bodies and half of them would be cache hits).
thread_id = 0
local threads = {}
function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end
function request()
  counter = counter + 1
  local row = rows[((thread_id * 7919 + counter) % #rows) + 1]
  local period = row[1] * (1 + (thread_id * 1000000 + counter) * 1e-12)
  local body = string.format('{"rows":[{"koi_period":%.12g,%s}]}', period, row[2])
  return wrk.format("POST", "/api/v1/predict", {["Content-Type"] = "application/json"}, body)
end
""")
PY

wait_for() {  # url
  for _ in $(seq 1 300); do
    if $py -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$1" \
      2>/dev/null; then return 0; fi
    sleep 0.2
  done
  die "server at $1 did not come up"
}

# Sum of VmRSS (KiB) over the given pids and their children.
rss_kib() {
  local total=0 p
  for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
    local v
    v=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# Runs wrk while sampling memory once a second; prints "rps p50_ms p99_ms errors rss_start
# rss_end rss_max" (memory in MiB). `target` is "predict" (the script's POSTs) or a path to GET.
load() {  # port seconds target pid...
  local port=$1 seconds=$2 target=$3; shift 3
  local wrk_args=(-t"$threads" -c"$connections")
  if [[ "$target" = predict ]]; then
    wrk_args+=(-s "$work/predict.lua"); target=/
  fi
  wrk "${wrk_args[@]}" -d3s "http://127.0.0.1:$port$target" >/dev/null
  local start_rss; start_rss=$(rss_kib "$@")
  ( max=0; while sleep 1; do r=$(rss_kib "$@"); ((r > max)) && max=$r; echo "$r $max" >"$work/rss.$port"; done ) &
  local sampler=$!
  wrk "${wrk_args[@]}" -d"${seconds}s" --latency "http://127.0.0.1:$port$target" >"$work/wrk.$port"
  kill $sampler 2>/dev/null || true; wait $sampler 2>/dev/null || true
  read -r end_rss max_rss <"$work/rss.$port"
  $py - "$work/wrk.$port" "$start_rss" "$end_rss" "$max_rss" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v, unit):
    return float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
lat = dict((p, ms(v, u)) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)", text, re.M))
errors = 0
m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if m: errors += int(m.group(1))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
if m: errors += sum(int(x) for x in m.groups())
start, end, peak = (int(x) / 1024 for x in sys.argv[2:5])
print(f"{rps:.0f} {lat['50']:.3f} {lat['99']:.3f} {errors} {start:.1f} {end:.1f} {peak:.1f}")
PY
}

echo "api_bench: ${connections} connections, ${threads} wrk threads, ${duration}s per server, $(nproc) cores"

EXODETECT_DATA_DIR="$work/data" MODEL_PATH="$model_path" LOG_LEVEL=warning EXODETECT_ENV=development \
  EXODETECT_RATE_LIMIT_PER_MIN=1e12 EXODETECT_RATE_LIMIT_BURST=1e12 EXODETECT_CACHE_MAX_MB=32 \
  "$exodetect" serve --host 127.0.0.1 --port "$exo_port" >"$work/exodetect.log" 2>&1 &
exo_pid=$!; pids+=("$exo_pid")
wait_for "http://127.0.0.1:$exo_port/health"
read -r e_rps e_p50 e_p99 e_err e_rss0 e_rss1 e_rssmax < <(load "$exo_port" "$duration" predict "$exo_pid")
# Every body is distinct, so the predict cache must not have answered any of them.
e_hits=$($py -c "import re, sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=5).read().decode()
print(int(float(re.search(r'^exodetect_cache_hits_total (\S+)', text, re.M).group(1))))" \
  "http://127.0.0.1:$exo_port/metrics")
[[ "$e_hits" = 0 ]] || die "the predict cache answered $e_hits requests: the bodies repeat"
((floor_duration > 0)) &&
  read -r eh_rps eh_p50 eh_p99 eh_err _ < <(load "$exo_port" "$floor_duration" /health "$exo_pid")
kill "$exo_pid"; wait "$exo_pid" 2>/dev/null || true

echo "api_bench: training the reference booster (exodetect's default hyperparameters)..."
$py "$root/backend/bench/api_reference_fastapi.py" --train "$koi" --out "$work/reference.json"
( cd "$root/backend/bench" && REFERENCE_MODEL="$work/reference.json" exec $py -m uvicorn \
    api_reference_fastapi:app --host 127.0.0.1 --port "$ref_port" --workers 4 --no-access-log \
    --log-level warning ) >"$work/fastapi.log" 2>&1 &
ref_pid=$!; pids+=("$ref_pid")
wait_for "http://127.0.0.1:$ref_port/health"
read -r f_rps f_p50 f_p99 f_err f_rss0 f_rss1 f_rssmax < <(load "$ref_port" "$duration" predict "$ref_pid")
((floor_duration > 0)) &&
  read -r fh_rps fh_p50 fh_p99 fh_err _ < <(load "$ref_port" "$floor_duration" /health "$ref_pid")

printf '\n%-26s %10s %9s %9s %7s %22s\n' "server" "req/s" "p50 ms" "p99 ms" "errors" "RSS MiB start/end/max"
printf '%-26s %10s %9s %9s %7s %22s\n' "exodetect (C++)" "$e_rps" "$e_p50" "$e_p99" "$e_err" "$e_rss0/$e_rss1/$e_rssmax"
printf '%-26s %10s %9s %9s %7s %22s\n' "FastAPI+uvicorn x4 (ref)" "$f_rps" "$f_p50" "$f_p99" "$f_err" "$f_rss0/$f_rss1/$f_rssmax"
$py -c "import sys; e,f,ep,fp=map(float,sys.argv[1:]); print(f'ratio: {e/f:.1f}x requests/s, p99 {fp/ep:.1f}x lower')" \
  "$e_rps" "$f_rps" "$e_p99" "$f_p99"
if ((floor_duration > 0)); then
  printf '\nGET /health, %ss (transport and scheduling alone)\n' "$floor_duration"
  printf '%-26s %10s %9s %9s %7s\n' "exodetect (C++)" "$eh_rps" "$eh_p50" "$eh_p99" "$eh_err"
  printf '%-26s %10s %9s %9s %7s\n' "FastAPI+uvicorn x4 (ref)" "$fh_rps" "$fh_p50" "$fh_p99" "$fh_err"
fi
