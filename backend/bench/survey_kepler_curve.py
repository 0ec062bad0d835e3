#!/usr/bin/env python3
"""Writes a synthetic four-year Kepler long-cadence light curve as CSV (time, flux, flux_err):
30-minute cadence over 1,460 days, a day-long gap at every 93-day quarter boundary, white noise
of 300 ppm, a slow sinusoidal trend of 0.2% over 50 days, and one 800 ppm, 4-hour box transit
every 11.7 days. The whole-process timing of `exodetect search` in docs/SURVEY.md uses it.
Usage: survey_kepler_curve.py OUT.csv [SEED]"""
import math
import random
import sys

out = sys.argv[1]
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 2026)
cadence = 30 / 1440
period, t0, duration, depth = 11.7, 3.1, 4 / 24, 800e-6
noise = 300e-6
with open(out, "w") as f:
    f.write("time,flux,flux_err\n")
    n = int(1460 / cadence)
    for i in range(n):
        t = i * cadence
        if t % 93.0 < 1.0:  # quarter boundaries: spacecraft rolls, downlinks
            continue
        flux = 1 + 0.002 * math.sin(2 * math.pi * t / 50.0) + rng.gauss(0, noise)
        phase = (t - t0 + 0.5 * period) % period - 0.5 * period
        if abs(phase) < 0.5 * duration:
            flux -= depth
        f.write(f"{t + 120:.6f},{flux:.7f},{noise:.7f}\n")
