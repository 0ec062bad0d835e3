#!/usr/bin/python3
"""exodetect's transit search against astropy's BoxLeastSquares, same light curves, same run.

Usage: /usr/bin/python3 backend/bench/astropy_compare.py BUILD_DIR [--quick]

The C++ driver (injection_recovery_bench) writes a TESS-sector and a 4-year Kepler synthetic
light curve with one injected planet each (SNR 12) plus the Ofir period grid it searches; both
tools then search those exact files. Rows:
  * astropy, oversample=10 (its default phase resolution), same periods and durations;
  * astropy, strict same grid: same periods, durations and phase step as exodetect;
  * astropy's own autoperiod grid size, to show what the Ofir grid saves (grid gain).
exodetect's time is the whole process (start, CSV read, search, SDE) and the search alone.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from astropy.timeseries import BoxLeastSquares

HOURS = [1, 2, 3, 4, 6, 8]


def exodetect_search(driver, csv, periods_file):
    cmd = ["/usr/bin/time", "-v", driver, "search", csv, periods_file, ",".join(map(str, HOURS))]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    rss_kb = next(int(line.split(":")[1]) for line in proc.stderr.splitlines()
                  if "Maximum resident set size" in line)
    result.update(wall_s=wall, max_rss_mb=rss_kb / 1024)
    return result


def astropy_search(csv, periods, oversample):
    start = time.perf_counter()
    data = np.loadtxt(csv, delimiter=",", skiprows=1)
    read_s = time.perf_counter() - start
    t, y, dy = data[:, 0], data[:, 1], data[:, 2]
    bls = BoxLeastSquares(t, y, dy)
    start = time.perf_counter()
    res = bls.power(periods, np.array(HOURS) / 24.0, objective="likelihood", method="fast",
                    oversample=oversample)
    search_s = time.perf_counter() - start
    k = int(np.argmax(res.power))
    return {"read_s": read_s, "search_s": search_s, "period": float(res.period[k]),
            "autoperiod_n": len(bls.autoperiod(np.array(HOURS) / 24.0,
                                               minimum_period=periods.min(),
                                               maximum_period=periods.max()))}


def exodetect_phase_parts(t):
    """Phase steps per shortest duration exodetect uses (see fast_step_days in bls.cpp)."""
    cadence = np.median(np.diff(np.sort(t))[np.diff(np.sort(t)) > 0])
    return int(np.clip(np.round((min(HOURS) / 24.0) / cadence), 2, 4))


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: astropy_compare.py BUILD_DIR [--quick]")
    driver = os.path.join(sys.argv[1], "injection_recovery_bench")
    quick = "--quick" in sys.argv
    cases = ["tess"] if quick else ["tess", "kepler"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([driver, "write-cases", tmp], check=True)
        print("| case | points | trial periods | tool | phase step | read s | search s |"
              " total s | found period (true) | astropy / exodetect |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        memory = {}
        for case in cases:
            csv = os.path.join(tmp, case + ".csv")
            periods_file = os.path.join(tmp, case + "_periods.txt")
            periods = np.loadtxt(periods_file)
            truth = float(open(os.path.join(tmp, case + "_truth.txt")).read().split()[0])
            # Best of a few runs for the short case; one run for Kepler.
            runs = [exodetect_search(driver, csv, periods_file) for _ in range(3 if case == "tess" else 2)]
            ex = min(runs, key=lambda r: r["wall_s"])
            memory[case] = max(r["max_rss_mb"] for r in runs)
            t = np.loadtxt(csv, delimiter=",", skiprows=1, usecols=0)
            parts = exodetect_phase_parts(t)
            step_min = 60.0 * min(HOURS) / parts
            ok = lambda p: "yes" if abs(p - truth) < 0.001 * truth else "NO"
            print(f"| {case} | {ex['n_points']} | {len(periods)} | exodetect (process) |"
                  f" {step_min:.0f} min | {ex['read_s']:.3f} | {ex['search_s']:.3f} |"
                  f" {ex['wall_s']:.3f} | {ex['period']:.5f} ({truth:.5f}) {ok(ex['period'])} | 1 |")
            for label, oversample in (("astropy fast, oversample=10", 10),
                                      ("astropy fast, strict same grid", parts)):
                ap = astropy_search(csv, periods, oversample)
                total = ap["read_s"] + ap["search_s"]
                step = 60.0 * min(HOURS) / oversample
                print(f"| {case} | {ex['n_points']} | {len(periods)} | {label} | {step:.0f} min |"
                      f" {ap['read_s']:.3f} | {ap['search_s']:.3f} | {total:.3f} |"
                      f" {ap['period']:.5f} ({truth:.5f}) {ok(ap['period'])} |"
                      f" search {ap['search_s'] / ex['search_s']:.1f}x, total"
                      f" {total / ex['wall_s']:.1f}x |")
                sys.stdout.flush()
            n_auto = ap["autoperiod_n"]
            per_period = ap["search_s"] / len(periods)
            print(f"| {case} | {ex['n_points']} | {n_auto} | astropy autoperiod grid (estimate:"
                  f" strict per-period cost x {n_auto} periods) | | | {per_period * n_auto:.1f} |"
                  f" | | grid gain {n_auto / len(periods):.1f}x fewer periods |")
            sys.stdout.flush()
        print()
        for case, mb in memory.items():
            print(f"Peak memory (max RSS) of the exodetect search process, {case}: {mb:.1f} MB")


if __name__ == "__main__":
    main()
