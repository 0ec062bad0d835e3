#!/usr/bin/python3
"""Scoring speed, same model and rows: exodetect's C++ batch scorer vs Debian's python3-xgboost.

  /usr/bin/python3 backend/bench/ml_score_reference.py --bench build/ml_score_bench \
      [--model ml/models/default.exomodel]
The C++ bench times itself and dumps its feature matrix; the booster is read out of the
.exomodel bundle (gzipped: EXOMODEL | u32 | u64 card | card | u64 booster | booster | u64 checksum).
"""
import argparse
import gzip
import os
import re
import statistics
import struct
import subprocess
import tempfile
import time

import numpy as np
import xgboost as xgb


def booster_from_bundle(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":  # models are saved gzipped
        raw = gzip.decompress(raw)
    assert raw[:8] == b"EXOMODEL", "not an exodetect model"
    pos = 12
    (card_len,) = struct.unpack_from("<Q", raw, pos)
    pos += 8 + card_len
    (booster_len,) = struct.unpack_from("<Q", raw, pos)
    pos += 8
    booster = xgb.Booster()
    booster.load_model(bytearray(raw[pos:pos + booster_len]))
    return booster


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default="build/ml_score_bench")
    ap.add_argument("--model", default="ml/models/default.exomodel")
    ap.add_argument("--data", default="data/catalogs/koi_cumulative_2025-10-04.csv.gz")
    args = ap.parse_args()
    dump = os.path.join(tempfile.mkdtemp(prefix="exodetect_score_"), "x.bin")
    out = subprocess.run([args.bench, args.model, args.data, "--dump", dump], check=True,
                         capture_output=True, text=True).stdout
    print(out, end="")
    ours_ms = float(re.search(r"median ([0-9.]+) ms", out).group(1))
    with open(dump, "rb") as f:
        rows, cols = map(int, f.readline().split())
        x = np.frombuffer(f.read(), dtype=np.float32).reshape(rows, cols)
    booster = booster_from_bundle(args.model)
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        p = booster.predict(xgb.DMatrix(x, missing=np.nan))
        times.append(time.perf_counter() - t0)
    ref_ms = statistics.median(times) * 1e3
    print("python3-xgboost %s scoring: %d rows, median %.2f ms, %.0f rows/s"
          % (xgb.__version__, rows, ref_ms, rows / ref_ms * 1e3))
    print("sum of planet probabilities: %.6f" % float(p.sum()))
    print("speed ratio exodetect / python3-xgboost: %.2fx" % (ref_ms / ours_ms))


if __name__ == "__main__":
    main()
