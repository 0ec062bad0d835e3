#!/usr/bin/env bash
# Runs every benchmark and regenerates docs/BENCHMARKS.md (and docs/bench_scaling.png): results
# only. The written analysis lives in docs/BENCHMARK_NOTES.md, which this script never touches.
# Usage: scripts/bench.sh [BUILD_DIR]      (default: build; `make bench` builds it first)
# BENCH_QUICK=1 runs a short version (TESS only, few trials) for a smoke test;
# BENCH_SEARCH_ONLY=1 skips the other modules' benchmarks (servers, ML, detrending).
set -uo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
py=/usr/bin/python3
doc=docs/BENCHMARKS.md
quick="${BENCH_QUICK:-0}"
# 200 TESS injections per SNR: with 40, a recall of 85% is only known to +-11% (95%).
tess_trials="${BENCH_TESS_TRIALS:-200}"
kepler_trials="${BENCH_KEPLER_TRIALS:-10}"
[[ "$quick" == 1 ]] && tess_trials=10 && kepler_trials=1
status=0

for bin in search_bench injection_recovery_bench; do
  if [[ ! -x "$build_dir/$bin" ]]; then
    echo "bench.sh: $build_dir/$bin is missing: build first (make build)" >&2
    exit 1
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$build_dir/injection_recovery_bench" write-cases "$work" || exit 1

# Runs a titled step, keeping its output for the report and failing the script if it fails.
section() {
  local name="$1"
  shift
  echo "== $name" >&2
  if ! "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "bench.sh: $name failed:" >&2
    tail -20 "$work/$name.err" >&2
    echo "(failed: see the console)" >>"$work/$name.out"
    status=1
  fi
  cat "$work/$name.out" >&2
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
section kernel "$build_dir/search_bench" --benchmark_counters_tabular=true
if [[ "$quick" == 1 ]]; then
  section compare "$py" backend/bench/astropy_compare.py "$build_dir" --cases "$work" --quick
else
  section compare "$py" backend/bench/astropy_compare.py "$build_dir" --cases "$work"
fi
section recall "$build_dir/injection_recovery_bench" recall "$tess_trials" "$kepler_trials"
recall_trials=30
[[ "$quick" == 1 ]] && recall_trials=5
section astropy_recall "$py" backend/bench/astropy_recall.py "$build_dir" --trials "$recall_trials"
# The automatic SNR threshold's calibration (about 15 minutes): BENCH_CALIBRATE=1 reruns it into
# docs/SNR_CALIBRATION_RESULTS.md (generated); docs/SNR_CALIBRATION.md holds the analysis.
if [[ "${BENCH_CALIBRATE:-0}" == 1 ]]; then
  section noise_snr "$build_dir/injection_recovery_bench" noise-snr
  {
    echo "# Automatic transit-SNR threshold: calibration results (generated)"
    echo
    echo "\`$build_dir/injection_recovery_bench noise-snr\` (via \`BENCH_CALIBRATE=1 make bench\`), on"
    echo "$(date -u '+%Y-%m-%d'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown): the"
    echo "transit SNR of what detect_planets reports from pure white noise with no SNR threshold and"
    echo "its default SDE floor, against the number of trial periods N; the threshold"
    echo "auto_snr_threshold sets at that N and the false alarms it lets through. The analysis is in"
    echo "[SNR_CALIBRATION.md](SNR_CALIBRATION.md)."
    echo
    cat "$work/noise_snr.out"
  } >docs/SNR_CALIBRATION_RESULTS.md
fi
section scaling "$build_dir/injection_recovery_bench" scaling
plot="(matplotlib not available: table only)"
if "$py" - "$work/scaling.out" docs/bench_scaling.png <<'PY' 2>"$work/plot.err"; then
import sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
rows = [l.strip("|\n").split("|") for l in open(sys.argv[1]) if l.startswith("| ") and "ms" not in l]
rows = [[float(x) for x in r] for r in rows]
pts = [r for r in rows if r[1] == rows[0][1]]
per = [r for r in rows[len(pts):]]
fig, ax = plt.subplots(1, 2, figsize=(9, 3.5))
ax[0].loglog([r[0] for r in pts], [r[2] for r in pts], "o-")
ax[0].set(xlabel="points (trial periods %d)" % pts[0][1], ylabel="search ms", title="cost vs points")
ax[1].loglog([r[1] for r in per], [r[2] for r in per], "o-")
ax[1].set(xlabel="trial periods (points %d)" % per[0][0], ylabel="search ms", title="cost vs periods")
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=90)
PY
  plot="![cost against points and trial periods](bench_scaling.png)"
fi

# Other helpers' benchmarks: every other Google Benchmark program and bench script.
others=()
[[ "${BENCH_SEARCH_ONLY:-0}" == 1 ]] && shopt -s nullglob && build_dir_others=/nonexistent
for bin in "${build_dir_others:-$build_dir}"/*_bench; do
  [[ -x "$bin" ]] || continue
  name="$(basename "$bin")"
  [[ "$name" == search_bench || "$name" == injection_recovery_bench ]] && continue
  section "$name" "$bin"
  others+=("$name")
done
# The gridded biweight against the every-point one (the reference), ratio and difference.
if [[ -x "$build_dir/detrend_bench" && "${BENCH_SEARCH_ONLY:-0}" != 1 ]]; then
  section detrend_compare "$build_dir/detrend_bench" compare 5
  others+=(detrend_compare)
fi
# survey_bench.sh (exodetect survey against the Python way) is one of these scripts.
for script in backend/bench/*_bench.sh; do
  [[ -e "$script" && "${BENCH_SEARCH_ONLY:-0}" != 1 ]] || continue
  name="$(basename "$script" .sh)"
  # api_bench: a 60 s load shows whether memory stays flat.
  DURATION="${DURATION:-60}" section "$name" "$script" "$build_dir"
  others+=("$name")
done
# The transit fit of every catalogued planet in data/ against its KOI or TOI row.
if [[ "${BENCH_SEARCH_ONLY:-0}" != 1 ]]; then
  section fit_published /usr/bin/python3 backend/bench/fit_published.py "$build_dir"
  others+=(fit_published)
fi
# Recall on real light curves: planets injected into a quiet TESS sector with one long-period
# transit of its own, and into a spotted Kepler star (docs/FEATURE_CALIBRATION.md).
if [[ "${BENCH_SEARCH_ONLY:-0}" != 1 ]]; then
  section real_recall_quiet /usr/bin/python3 backend/bench/real_recall.py "$build_dir/exodetect" \
    data/lightcurves/tic55525572_lc.fits.gz
  section real_recall_spotted /usr/bin/python3 backend/bench/real_recall.py \
    "$build_dir/exodetect" data/lightcurves/kplr005110407-2009350155506_llc-kepcotrend-single.fits.gz
  others+=(real_recall_quiet real_recall_spotted)
fi
# The ML references (python3-xgboost, random forest) on the exact folds exodetect uses, and
# batch scoring against python3-xgboost on the same model and rows.
if [[ "${BENCH_SEARCH_ONLY:-0}" != 1 ]]; then
  section ml_reference /usr/bin/python3 backend/bench/ml_reference.py --exodetect "$build_dir/exodetect"
  others+=(ml_reference)
  if [[ -x "$build_dir/ml_score_bench" ]]; then
    section ml_score_reference /usr/bin/python3 backend/bench/ml_score_reference.py \
      --bench "$build_dir/ml_score_bench"
    others+=(ml_score_reference)
  fi
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  echo "# Benchmarks"
  echo
  echo "Regenerated by \`make bench\` (\`scripts/bench.sh $build_dir\`) on $(date -u '+%Y-%m-%d %H:%M UTC'),"
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)'). The analysis of these results, and"
  echo "earlier measurements, are in [BENCHMARK_NOTES.md](BENCHMARK_NOTES.md), written by hand."
  echo
  echo "## Machine"
  echo
  echo '```'
  lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core|L2|L3|Flags)' | sed 's/^Flags:.*\(avx512f\).*/Flags: ... avx2 avx512f .../'
  echo "load average (1, 5, 15 min) before: $load_before; after: $load_after"
  echo '```'
  echo
  echo "A load average above the core count means other work shared the CPUs: wall times then"
  echo "overstate the cost, and the CPU-time columns and ratios are the steadier measure."
  echo
  echo "## Transit search: exodetect against astropy BoxLeastSquares"
  echo
  echo "Synthetic light curves (white noise, one box planet at SNR 12) written by"
  echo "\`$build_dir/injection_recovery_bench write-cases DIR\`; both tools search the same files with"
  echo "the same Ofir (2014) period grid (oversampling 3, solar density; 0.5-13.5 d TESS,"
  echo "0.5-100 d Kepler) and durations 1, 2, 3, 4, 6, 8 h. The strict rows give astropy the exact"
  echo "period grid, durations *and* phase step of exodetect (kernel gain); the autoperiod row shows"
  echo "the periods astropy's own grid would need (grid gain). Command:"
  echo "\`/usr/bin/python3 backend/bench/astropy_compare.py $build_dir --cases DIR\`."
  echo
  cat "$work/compare.out"
  echo
  echo "## Injection-recovery"
  echo
  echo "\`$build_dir/injection_recovery_bench recall $tess_trials $kepler_trials\` ($tess_trials TESS and"
  echo "$kepler_trials Kepler light curves per SNR; four times as many pure-noise curves for false alarms)."
  echo
  cat "$work/recall.out"
  echo
  echo "### The same injections searched by astropy"
  echo
  echo "\`/usr/bin/python3 backend/bench/astropy_recall.py $build_dir --trials $recall_trials\`: TESS-sector"
  echo "injections (a different seed from the table above) searched by the exodetect CLI with its"
  echo "defaults and by astropy BoxLeastSquares on the raw flux; astropy's detection threshold is the"
  echo "SDE that at most 1% of the same noise curves reach."
  echo
  cat "$work/astropy_recall.out"
  echo
  echo "The automatic SNR threshold's calibration on pure noise: [SNR_CALIBRATION.md](SNR_CALIBRATION.md)."
  echo
  echo "## Kernel (Google Benchmark)"
  echo
  echo "\`$build_dir/search_bench --benchmark_counters_tabular=true\` (Time is wall clock; CPU counts"
  echo "the calling thread only)."
  echo
  echo '```'
  grep -v '^\*\*\*' "$work/kernel.out"
  echo '```'
  echo
  echo "## How cost grows"
  echo
  echo "\`$build_dir/injection_recovery_bench scaling\`: the TESS-sector search with more points"
  echo "(finer cadence, same grid) and with more trial periods (Ofir oversampling 1-12, same data);"
  echo "best of 3, all cores."
  echo
  cat "$work/scaling.out"
  echo
  echo "$plot"
  [[ "${BENCH_SEARCH_ONLY:-0}" == 1 ]] && echo && echo "(Other modules' benchmarks skipped: BENCH_SEARCH_ONLY=1.)"
  for name in "${others[@]}"; do
    echo
    echo "## $name"
    echo
    echo '```'
    grep -v '^\*\*\*' "$work/$name.out"
    echo '```'
  done
} >"$doc"
echo "bench.sh: wrote $doc" >&2
exit $status
