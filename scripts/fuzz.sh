#!/usr/bin/env bash
# Builds the libFuzzer targets (backend/fuzz/*_fuzz.cpp) with clang, AddressSanitizer and UBSan
# in build-fuzz, seeds them with the real light curves in data/ (gunzipped), and runs each for
# FUZZ_SECONDS (default 60). Exits non-zero when a target crashes; the crashing input is kept in
# build-fuzz/artifacts/<target>/ and the grown corpus in build-fuzz/corpus/<target>/ (reused by
# the next run).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${JOBS:-$(nproc)}"
if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found (run scripts/install-deps.sh test)" >&2
  exit 2
fi

# The libraries get coverage and sanitizer instrumentation; the targets add the fuzzer main.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
CC=clang CXX=clang++ cmake -S backend -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DEXODETECT_BUILD_FUZZ=ON -DEXODETECT_BUILD_TESTS=OFF -DEXODETECT_BUILD_BENCH=OFF \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >/dev/null
targets=()
for src in backend/fuzz/*_fuzz.cpp; do targets+=("$(basename "$src" .cpp)"); done
cmake --build "$build" -j"$jobs" --target "${targets[@]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
seeds="$work/seeds"
mkdir -p "$seeds"
for f in data/lightcurves/*; do
  name="$(basename "$f" .gz)"
  if [[ "$f" == *.gz ]]; then gunzip -c "$f" >"$seeds/$name"; else cp "$f" "$seeds/$name"; fi
done

status=0
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  echo "== $target: ${seconds}s"
  # Inputs are capped at 128 KiB: a light curve's headers and first rows fit, and each run
  # stays fast; UBSan reports abort so that they count as crashes.
  if ! UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/$target" \
      -max_total_time="$seconds" -max_len=131072 -rss_limit_mb=2048 -timeout=20 \
      -artifact_prefix="$artifacts" -print_final_stats=1 "$corpus" "$seeds" 2>"$work/$target.log"; then
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz.sh: $target crashed; input saved under $artifacts" >&2
    status=1
  else
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|Done [0-9]+ runs" "$work/$target.log" || true
  fi
done
exit $status
