#!/usr/bin/env python3
"""Recall on real light curves: planets injected into a real SPOC light curve, found or not.

Each injection is a trapezoid (ingress and egress 12% of T14 each) multiplied into the file's
quality-0 PDCSAP flux. The curve is written as a CSV of time, flux and flux_err, so the star is
unknown, as in a user's upload. It is then searched with `exodetect search --score`, one thread.
An injection counts as found when a candidate lies within 1% of its period.
- Periods are log-uniform over [--period-min, --period-max] days.
- T14 is uniform over [--t14-min, --t14-max] hours.
- Each depth is set for a white SNR drawn uniformly over [--snr-min, --snr-max]. The white SNR
  is the depth over the point-to-point scatter (robust), times the square root of the points
  within T14.
- Injections with fewer than two transits in the data are redrawn.

The light curve's own signals stay in it: a quiet star's one transit of a long-period planet,
a spotted star's rotation. What the search makes of them is what this measures, and the
white-noise table of `injection_recovery_bench` does not.

Usage: real_recall.py EXODETECT_BINARY FITS_FILE [--seeds 11 12] [--n 25] [--json OUT]
Needs numpy and astropy (Debian's python3-numpy, python3-astropy).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from astropy.io import fits

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INGRESS_FRACTION = 0.12  # of T14, each side
FOUND_TOLERANCE = 0.01  # relative period difference
SNR_BINS = [(8, 10), (10, 12), (12, 14), (14, 16)]


def read_quality0(path):
    with fits.open(path) as hdul:
        data = hdul[1].data
        names = data.columns.names
        quality = data["QUALITY"] if "QUALITY" in names else data["SAP_QUALITY"]
        time = np.asarray(data["TIME"], dtype=float)
        flux = np.asarray(data["PDCSAP_FLUX"], dtype=float)
        err = np.asarray(data["PDCSAP_FLUX_ERR"], dtype=float)
    keep = np.isfinite(time) & np.isfinite(flux) & np.isfinite(err) & (quality == 0)
    level = np.median(flux[keep])
    return time[keep], flux[keep] / level, err[keep] / level


def trapezoid(time, period, t0, t14_days):
    phase = np.abs(np.mod(time - t0 + 0.5 * period, period) - 0.5 * period)
    ingress = INGRESS_FRACTION * t14_days
    return np.clip((0.5 * t14_days - phase) / ingress, 0.0, 1.0)


def search(binary, csv_path):
    run = subprocess.run(
        [binary, "search", csv_path, "--score", "--threads", "1",
         "--model", os.path.join(ROOT, "ml", "models", "default.exomodel"),
         "--catalogs", os.path.join(ROOT, "data", "catalogs")],
        capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip())
    return json.loads(run.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("binary")
    ap.add_argument("fits_file")
    ap.add_argument("--seeds", type=int, nargs="+", default=[11, 12])
    ap.add_argument("--n", type=int, default=25, help="injections per seed")
    ap.add_argument("--period-min", type=float, default=1.0)
    ap.add_argument("--period-max", type=float, default=9.0)
    ap.add_argument("--t14-min", type=float, default=1.0)
    ap.add_argument("--t14-max", type=float, default=4.5)
    ap.add_argument("--snr-min", type=float, default=8.0)
    ap.add_argument("--snr-max", type=float, default=16.0)
    ap.add_argument("--json", help="write every injection's outcome here")
    args = ap.parse_args()

    time, flux, err = read_quality0(args.fits_file)
    close = np.diff(time) < 0.5
    steps = np.diff(flux)[close]
    white = 1.4826 * np.median(np.abs(steps - np.median(steps))) / np.sqrt(2.0)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "injected.csv")
        for seed in args.seeds:
            rng = np.random.default_rng(seed)
            done = 0
            while done < args.n:
                period = float(np.exp(rng.uniform(np.log(args.period_min), np.log(args.period_max))))
                t14_hours = float(rng.uniform(args.t14_min, args.t14_max))
                t0 = float(time[0] + rng.uniform(0.0, period))
                snr = float(rng.uniform(args.snr_min, args.snr_max))
                shape = trapezoid(time, period, t0, t14_hours / 24.0)
                inside = shape > 0
                epochs = np.unique(np.round((time[inside] - t0) / period))
                if epochs.size < 2:
                    continue
                depth = snr * white / np.sqrt(np.count_nonzero(inside))
                np.savetxt(csv_path, np.c_[time, flux * (1.0 - depth * shape), err], delimiter=",",
                           header="time,flux,flux_err", comments="", fmt="%.9f")
                report = search(args.binary, csv_path)
                match = next((c for c in report.get("candidates", [])
                              if abs(c["period"] / period - 1.0) < FOUND_TOLERANCE), None)
                rows.append({
                    "seed": seed, "period_days": period, "t14_hours": t14_hours,
                    "depth_ppm": depth * 1e6, "white_snr": snr, "transits": int(epochs.size),
                    "found": match is not None,
                    "snr": match["snr"] if match else None,
                    "planet_probability": match.get("planet_probability") if match else None,
                    "flags": match["flags"] if match else None,
                    "reported_periods": [round(c["period"], 4) for c in report.get("candidates", [])],
                })
                done += 1

    print(f"Injections into {os.path.basename(args.fits_file)} (quality-0 PDCSAP rows as CSV, "
          f"star unknown), seeds {' '.join(map(str, args.seeds))}, {args.n} each; white scatter "
          f"{white * 1e6:.0f} ppm per point")
    print()
    print("| white SNR | injections | found |")
    print("|---|---|---|")
    for lo, hi in SNR_BINS:
        group = [r for r in rows if lo <= r["white_snr"] < hi]
        print(f"| {lo}-{hi} | {len(group)} | {sum(r['found'] for r in group)} |")
    print(f"| all | {len(rows)} | {sum(r['found'] for r in rows)} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(rows, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
