#!/usr/bin/env python3
"""The transit fit of every catalogued planet in data/lightcurves against its catalogue row.

For each light curve whose planets have a KOI or TOI row (verdict_bench.TRUTH), runs
`exodetect search FILE --fit` (the defaults: the physical duration grid, seed 42, 50,000 steps
at most), takes the candidate within 1% of each catalogued period, and compares the fit's
period, mid-transit time (moved to the catalogue's epoch), T14, depth and radius with the row:
sigma = (fit - catalogue) / (the fit's error on the side facing the catalogue and the
catalogue's error, in quadrature). Prints a Markdown table and a summary line.

Sources: the KOI table is the Kepler DR25 cumulative table (Thompson et al. 2018, ApJS 235, 38),
the TOI table Guerrero et al. (2021, ApJS 254, 39), both as the NASA Exoplanet Archive exported
them on 2025-10-04 (data/catalogs). Catalogue depths and durations are the pipelines' own fits
(a trapezoid for the TOIs, a limb-darkened model for the KOIs), so they measure the same
quantities this fit reports, not always with the same limb darkening.

Usage: backend/bench/fit_published.py [BUILD_DIR] [--only SUBSTRING]   (default: build)
"""

import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verdict_bench import CATALOGS, ROOT, TRUTH, read_table  # noqa: E402

# Catalogue columns: (fit key, catalogue column, scale to the fit's unit).
COLUMNS = {
    "toi": {"id": "toi", "period": "pl_orbper", "t0": "pl_tranmid", "t14_hours": "pl_trandurh",
            "depth_ppm": "pl_trandep", "planet_radius_earth": "pl_rade", "t0_reference": 0.0},
    "koi": {"id": "kepoi_name", "period": "koi_period", "t0": "koi_time0bk",
            "t14_hours": "koi_duration", "depth_ppm": "koi_depth",
            "planet_radius_earth": "koi_prad", "t0_reference": 2454833.0},
}
TABLES = {"toi": "toi_2025-10-04.csv.gz", "koi": "koi_cumulative_2025-10-04.csv.gz"}


def value(row, col):
    try:
        return float(row.get(col) or "nan")
    except ValueError:
        return float("nan")


def error(row, col):
    """The catalogue's 1-sigma error: the mean of its upper and lower errors (TOI columns name
    them pl_orbpererr1, KOI columns koi_period_err1)."""
    sep = "_" if col.startswith("koi_") else ""
    errs = [abs(value(row, col + sep + s)) for s in ("err1", "err2")]
    errs = [e for e in errs if math.isfinite(e)]
    return sum(errs) / len(errs) if errs else float("nan")


def sigma(fit, pub, pub_err):
    med, lo, hi = fit["median"], fit["lower"], fit["upper"]
    side = (hi - med) if pub > med else (med - lo)
    total = math.hypot(side, pub_err) if math.isfinite(pub_err) else side
    return (med - pub) / total if total > 0 else float("nan")


def fmt(v, err=None):
    if not math.isfinite(v):
        return "-"
    digits = 2 if not err or not math.isfinite(err) or err <= 0 else max(0, 1 - math.floor(math.log10(err)))
    digits = min(digits, 9)
    return f"{v:.{digits}f}" + (f" +- {err:.{digits}f}" if err and math.isfinite(err) else "")


def main():
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        only = args[args.index("--only") + 1]
        del args[args.index("--only"):args.index("--only") + 2]
    build = args[0] if args else "build"
    exe = os.path.join(build if os.path.isabs(build) else os.path.join(ROOT, build), "exodetect")
    tables = {k: {r[COLUMNS[k]["id"]]: r for r in read_table(os.path.join(CATALOGS, f))}
              for k, f in TABLES.items()}
    rows, within, compared, unmatched = [], 0, 0, []
    for name, (truth, objects) in TRUTH.items():
        catalogued = [(t, i) for t, i in objects if t in tables]
        if truth != "planet" or not catalogued or (only and only not in name):
            continue
        path = os.path.join(ROOT, "data", "lightcurves", name)
        out = subprocess.run([exe, "search", path, "--fit", "--max-planets",
                              str(len(objects) + 1)], capture_output=True, text=True)
        if out.returncode != 0:
            unmatched.append(f"{name}: search failed ({out.stderr.strip()[:120]})")
            continue
        doc = json.loads(out.stdout)
        # A file whose time system is unknown (most CSVs) has no BJD to compare t0 with.
        known_time = doc["input"].get("time_system") not in (None, "", "unknown")
        reference = doc["input"].get("bjd_reference_days") if known_time else None
        for table, ident in catalogued:
            row = tables[table].get(ident if table == "toi" else ident)
            cols = COLUMNS[table]
            if row is None:
                unmatched.append(f"{ident}: no row in the {table.upper()} table")
                continue
            period = value(row, cols["period"])
            cand = next((c for c in doc["candidates"]
                         if abs(c["period"] - period) < 0.01 * period), None)
            label = f"{table.upper()} {ident} ({name[:28]})"
            if cand is None:
                unmatched.append(f"{label}: not found by the search")
                continue
            fit = cand.get("fit") or {}
            if not fit.get("converged"):
                unmatched.append(f"{label}: fit did not converge ({(fit.get('error') or '')[:80]})")
                continue
            for key in ("period", "t0", "t14_hours", "depth_ppm", "planet_radius_earth"):
                col = cols[key]
                pub, pub_err = value(row, col), error(row, col)
                if key == "t0":
                    # Both to BJD, then the catalogue's epoch moved to the fit's.
                    if reference is None or not math.isfinite(pub):
                        continue
                    pub += cols["t0_reference"] - reference
                    n = round((fit["t0"]["median"] - pub) / period)
                    pub += n * period
                    pub_err = math.hypot(pub_err, n * error(row, cols["period"]))
                interval = fit.get(key)
                if not interval or not math.isfinite(pub):
                    continue
                s = sigma(interval, pub, pub_err)
                err = 0.5 * (interval["upper"] - interval["lower"])
                rows.append(f"| {label} | {key} | {fmt(interval['median'], err)} | "
                            f"{fmt(pub, pub_err)} | {s:+.1f} |")
                compared += 1
                within += abs(s) <= 3
    print("| planet (file) | parameter | fit (median +- half the 68% interval) | catalogue | sigma |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print()
    for u in unmatched:
        print(f"- {u}")
    print(f"\nfit_published: {within} of {compared} values within 3 combined sigma")


if __name__ == "__main__":
    main()
