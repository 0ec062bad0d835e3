#!/usr/bin/env bash
# The verdict on light curves (`make bench` runs every backend/bench/*_bench.sh): the candidate
# model's grouped-CV ROC-AUC with and without the star, confirmed KOIs scored without their star,
# and a table over every light curve in data/lightcurves (and ../shared/data/lightcurves when it
# exists): the candidate nearest each catalogued signal, its measured period, duration, depth, SNR
# and transit count against the catalogue row, the probability and the flags.
#
#   backend/bench/verdict_bench.sh [BUILD_DIR]      (default: build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-build}"
[[ "$build" = /* ]] || build="$root/$build"
dirs=(--lc-dir "$root/data/lightcurves")
# The project's shared data folder sits beside the checkout (or beside its worktree folder).
for shared in "$root/../shared/data/lightcurves" "$root/../../shared/data/lightcurves"; do
  [[ -d "$shared" ]] && dirs+=(--lc-dir "$shared")
done
exec /usr/bin/python3 "$root/backend/bench/verdict_bench.py" "$build/exodetect" "${dirs[@]}"
