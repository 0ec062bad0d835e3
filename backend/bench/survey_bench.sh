#!/usr/bin/env bash
# `exodetect survey --jobs 2` over a folder of N TESS SPOC 2-minute light curves (symlinks
# cycling over the real sector files in data/lightcurves), against the usual Python way
# (survey_reference.py: astropy, a running median, BoxLeastSquares.autopower, three searches)
# on a subset, both on the same 2 processes in the same run. Prints stars per minute by wall
# time and by CPU time (the machine is shared: CPU seconds are the steadier measure), the
# ratio, and whether both find the same first candidate on each real file (the reference's
# subset cycles over the same files: N_REFERENCE of at least the number of sector files covers
# each).
# Usage: backend/bench/survey_bench.sh [BUILD_DIR] [N_STARS] [N_REFERENCE]
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir="${1:-build}"
n_stars="${2:-200}"
[[ "${BENCH_QUICK:-0}" == 1 && $# -lt 2 ]] && n_stars=40  # scripts/bench.sh's smoke test
n_ref="${3:-4}"
py=/usr/bin/python3
exe="$build_dir/exodetect"
[[ -x "$exe" ]] || { echo "survey_bench: $exe is missing: build first" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -t sector < <(ls "$PWD"/data/lightcurves/tess2018*-s_lc.fits.gz \
  "$PWD"/data/lightcurves/hlsp_tess-data-alerts_*_lc.fits.gz)
mkdir "$work/stars" "$work/ref"
for ((i = 0; i < n_stars; i++)); do
  f="${sector[i % ${#sector[@]}]}"
  ln -s "$f" "$work/stars/$(printf '%06d' "$i")_$(basename "$f")"
done
for ((i = 0; i < n_ref; i++)); do
  f="${sector[i % ${#sector[@]}]}"
  ln -s "$f" "$work/ref/$(printf '%06d' "$i")_$(basename "$f")"
done

# Wall seconds, then user + system CPU seconds, of a command.
timed() {
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
    cat "$work/stderr" >&2
    return 1
  }
  awk '{print $1, $2 + $3}' "$work/time"
}

read -r ex_wall ex_cpu < <(timed "$exe" survey "$work/stars" --jobs 2 --max-planets 3 --score \
  --out "$work/exodetect.jsonl")
/usr/bin/time -f '%e %U %S' -o "$work/time" "$py" backend/bench/survey_reference.py \
  "$work"/ref/* --jobs 2 >"$work/reference.jsonl" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
read -r py_wall py_cpu < <(awk '{print $1, $2 + $3}' "$work/time")

"$py" - "$n_stars" "$ex_wall" "$ex_cpu" "$n_ref" "$py_wall" "$py_cpu" "$work/exodetect.jsonl" \
  "$work/reference.jsonl" <<'PY'
import json, os, sys
n, ex_wall, ex_cpu, n_ref, py_wall, py_cpu = map(float, sys.argv[1:7])
def rate(stars, wall, cpu):  # stars/min by wall time; by CPU time on 2 cores
    return 60 * stars / wall, 60 * stars / (cpu / 2)
ex, ref = rate(n, ex_wall, ex_cpu), rate(n_ref, py_wall, py_cpu)
print("| survey of TESS 2-min sector files, 2 jobs | stars | wall s | CPU s | stars/min (wall) "
      "| stars/min (CPU, 2 cores) |")
print("|---|---|---|---|---|---|")
print(f"| exodetect survey --max-planets 3 --score | {n:.0f} | {ex_wall:.2f} | {ex_cpu:.2f} "
      f"| {ex[0]:.0f} | {ex[1]:.0f} |")
print(f"| Python (astropy BLS autopower, 3 searches) | {n_ref:.0f} | {py_wall:.2f} | "
      f"{py_cpu:.2f} | {ref[0]:.1f} | {ref[1]:.1f} |")
print(f"\nexodetect / Python: {ex[0] / ref[0]:.0f}x by wall time, {ex[1] / ref[1]:.0f}x by CPU time")
first = {}
for line in open(sys.argv[7]):
    row = json.loads(line)
    name = os.path.basename(row["file"]).split("_", 1)[1]
    periods = [c["period"] for c in row.get("candidates", [])]
    if first.setdefault(name, periods) != periods:
        print(f"survey_bench: {name}: copies gave different candidates", file=sys.stderr)
        sys.exit(1)
print("\n| file | exodetect periods (d) | Python periods (d) | same first period (0.1%) |")
print("|---|---|---|---|")
for line in open(sys.argv[8]):
    row = json.loads(line)
    name = os.path.basename(row["file"]).split("_", 1)[1]
    mine = first.get(name, [])
    theirs = [c["period"] for c in row["candidates"]]
    same = bool(mine and theirs and abs(mine[0] / theirs[0] - 1) < 1e-3)
    print(f"| {name} | {', '.join(f'{p:.5f}' for p in mine)} | "
          f"{', '.join(f'{p:.5f}' for p in theirs)} | {'yes' if same else 'no'} |")
PY
