"""The usual Python way to search a folder of TESS SPOC 2-minute light curves, the reference
for `exodetect survey` (backend/bench/survey_bench.sh): astropy reads each FITS (PDCSAP flux,
quality 0), a running median over the same 1-day window flattens it, and
astropy's BoxLeastSquares.autopower searches the same period range (0.5 d to half the span)
and durations (1, 2, 3, 4, 6, 8 h); the best period's transits are masked and the search run
again, up to three times. One star per process of a pool of --jobs workers, as exodetect does.

Usage: survey_reference.py FILE... [--jobs 2]   (prints one JSON line per star, then a
summary line "stars N seconds S")
"""

import argparse
import json
import sys
import time
from multiprocessing import Pool

import numpy as np
from astropy.io import fits
from astropy.timeseries import BoxLeastSquares

WINDOW_DAYS = 1.0  # exodetect's window: 3 x the longest duration
DURATIONS_DAYS = np.array([1, 2, 3, 4, 6, 8]) / 24.0
PERIOD_MIN_DAYS = 0.5
SEARCHES = 3
SDE_MIN = 6.0


def running_median(time, flux, window):
    """Median of the points within half a window of each point."""
    lo = np.searchsorted(time, time - window / 2, side="left")
    hi = np.searchsorted(time, time + window / 2, side="right")
    return np.array([np.median(flux[a:b]) for a, b in zip(lo, hi)])


def search(path):
    with fits.open(path) as hdul:
        data = hdul[1].data
        time = np.asarray(data["TIME"], dtype=float)
        flux = np.asarray(data["PDCSAP_FLUX"], dtype=float)
        quality = np.asarray(data["QUALITY"])
    ok = np.isfinite(time) & np.isfinite(flux) & (quality == 0)
    time, flux = time[ok], flux[ok]
    flat = flux / running_median(time, flux, WINDOW_DAYS)
    keep = np.ones(time.size, bool)
    found = []
    for _ in range(SEARCHES):
        if keep.sum() < 100:
            break
        bls = BoxLeastSquares(time[keep], flat[keep])
        span = time[keep].max() - time[keep].min()
        result = bls.autopower(DURATIONS_DAYS, minimum_period=PERIOD_MIN_DAYS,
                               maximum_period=span / 2, frequency_factor=1.0)
        power = result.power
        sde = (power.max() - power.mean()) / power.std()
        best = int(np.argmax(power))
        period, t0, duration = (float(result.period[best]), float(result.transit_time[best]),
                                float(result.duration[best]))
        if sde < SDE_MIN:
            break
        found.append({"period": period, "t0": t0, "duration_hours": duration * 24,
                      "depth_ppm": float(result.depth[best]) * 1e6, "sde": float(sde)})
        phase = (time - t0 + 0.5 * period) % period - 0.5 * period
        keep &= np.abs(phase) >= duration  # a mask twice the duration, as exodetect's
    return {"file": path, "candidates": found}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    with Pool(args.jobs) as pool:
        for row in pool.imap(search, args.files):
            print(json.dumps(row))
    print(f"stars {len(args.files)} seconds {time.perf_counter() - start:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
