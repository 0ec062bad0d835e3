#!/usr/bin/python3
"""Writes delta Scuti-like light curves from a real quiet TESS sector, for measuring what the
search reports on a pulsating star (docs/FEATURE_CALIBRATION.md, "Pulsating stars").

The base is WASP-100's sector 1 (TIC 38846515, quality-0 PDCSAP flux, normalised) with WASP-100
b's transits cut out (P 2.849375 d, mid-transit BTJD 1326.7443, +-0.12 d), so the star is quiet.
Each curve multiplies it by 3-8 sinusoids with periods 0.03-0.3 d (0.7-7 hours) and amplitudes
300-10,000 ppm drawn at random (seeds 100 + i), the range of delta Scuti modes. With
--planet P,DEPTH_PPM,HOURS a box transit is added too (mid-transit BTJD 1326.3).

Usage: pulsator_curves.py OUT_DIR [--count N] [--planet P,DEPTH_PPM,HOURS]
Needs python3-astropy and python3-numpy (Debian)."""
import argparse
import os

import numpy as np
from astropy.io import fits

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASE = os.path.join(ROOT, "data", "lightcurves",
                    "tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz")


def quiet_sector():
    d = fits.getdata(BASE, 1)
    t, f, e, q = d["TIME"], d["PDCSAP_FLUX"], d["PDCSAP_FLUX_ERR"], d["QUALITY"]
    keep = np.isfinite(t) & np.isfinite(f) & np.isfinite(e) & (q == 0)
    t, f, e = t[keep], f[keep], e[keep]
    level = np.median(f)
    period, t0 = 2.849375, 1326.7443  # WASP-100 b
    out = np.abs(((t - t0 + 0.5 * period) % period) - 0.5 * period) > 0.12
    return t[out], f[out] / level, e[out] / level


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--planet", help="P,DEPTH_PPM,HOURS")
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    t, f, e = quiet_sector()
    for i in range(a.count):
        rng = np.random.default_rng(100 + i)
        pulsation = np.ones_like(t)
        for _ in range(rng.integers(3, 9)):
            period = rng.uniform(0.03, 0.3)
            amplitude = 10 ** rng.uniform(-3.5, -2)
            pulsation *= 1 + amplitude * np.sin(2 * np.pi * t / period + rng.uniform(0, 2 * np.pi))
        flux = f * pulsation
        if a.planet:
            p, depth, hours = (float(x) for x in a.planet.split(","))
            phase = ((t - 1326.3 + 0.5 * p) % p) - 0.5 * p
            flux = np.where(np.abs(phase) < 0.5 * hours / 24, flux * (1 - depth * 1e-6), flux)
        name = os.path.join(a.out_dir, f"pulsator{i}.csv")
        np.savetxt(name, np.c_[t, flux, e], delimiter=",", header="time,flux,flux_err",
                   comments="", fmt="%.8f")
        print(name)


if __name__ == "__main__":
    main()
