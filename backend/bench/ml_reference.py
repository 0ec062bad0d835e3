#!/usr/bin/python3
"""Honest-accuracy benchmark: exodetect's model against Debian's python3-xgboost (and a
scikit-learn random forest) on the KOI table, grouped 5-fold CV on IDENTICAL folds.

exodetect trains first and exports its fold assignment (--folds-out); the references then use
those folds, the raw KOI columns minus the leaky ones (koi_score, koi_fpflag_*,
koi_pdisposition, kepler_name, koi_tce_delivname, ids), and default-style hyperparameters.

  /usr/bin/python3 backend/bench/ml_reference.py --exodetect build/exodetect [--task binary]
"""
import argparse
import csv
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import xgboost as xgb
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, roc_auc_score

LEAKY = {"koi_score", "koi_pdisposition", "koi_disposition", "kepler_name", "koi_tce_delivname",
         "koi_fpflag_nt", "koi_fpflag_ss", "koi_fpflag_co", "koi_fpflag_ec"}
IDS = {"loc_rowid", "kepid", "kepoi_name"}


def read_koi(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    lines = [l for l in io.StringIO(raw.decode()) if not l.startswith("#")]
    return list(csv.DictReader(lines))


def number(text):
    try:
        return float(text)
    except ValueError:
        return np.nan


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exodetect", default="build/exodetect")
    ap.add_argument("--data", default="data/catalogs/koi_cumulative_2025-10-04.csv.gz")
    ap.add_argument("--task", default="binary", choices=["binary", "multiclass"])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--no-forest", action="store_true")
    ap.add_argument("--folds", help="reuse a fold file from `exodetect train --folds-out` and "
                    "run only the references")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="exodetect_ml_bench_")
    folds_path = args.folds or os.path.join(tmp, "folds.csv")
    model_path = os.path.join(tmp, "bench.exomodel")
    ours = None
    if not args.folds:
        t0 = time.perf_counter()
        out = subprocess.run([args.exodetect, "train", "--data", args.data, "--catalog", "koi",
                              "--task", args.task, "--seed", str(args.seed), "--threads",
                              str(args.threads), "--folds-out", folds_path, "--out", model_path,
                              "--quiet"], check=True, capture_output=True, text=True).stdout
        ours_seconds = time.perf_counter() - t0
        ours = json.loads(out)["cv"]

    folds = {}
    with open(folds_path) as f:
        for row in csv.DictReader(f):
            folds[row["id"]] = (int(row["fold"]), int(row["label"]))
    rows = [r for r in read_koi(args.data) if r["kepoi_name"] in folds]
    columns = [c for c in rows[0].keys() if c not in LEAKY and c not in IDS]
    x = np.array([[number(r[c]) for c in columns] for r in rows], dtype=np.float32)
    y = np.array([folds[r["kepoi_name"]][1] for r in rows])
    fold = np.array([folds[r["kepoi_name"]][0] for r in rows])
    n_classes = 3 if args.task == "multiclass" else 2

    def cross_validate(make):
        prob = np.zeros((len(y), n_classes))
        for f in range(fold.max() + 1):
            train, test = fold != f, fold == f
            model = make()
            model.fit(x[train], y[train])
            prob[test] = model.predict_proba(x[test])
        if n_classes == 2:
            return roc_auc_score(y, prob[:, 1]), accuracy_score(y, prob.argmax(1))
        return roc_auc_score(y, prob, multi_class="ovr"), accuracy_score(y, prob.argmax(1))

    t0 = time.perf_counter()
    ref_auc, ref_acc = cross_validate(lambda: xgb.XGBClassifier(
        n_estimators=600, max_depth=6, learning_rate=0.05, subsample=0.8, colsample_bytree=0.8,
        tree_method="hist", n_jobs=args.threads, random_state=args.seed))
    ref_seconds = time.perf_counter() - t0
    results = [("python3-xgboost %s (raw honest columns)" % xgb.__version__, ref_auc, ref_acc,
                ref_seconds)]
    if ours:
        results.insert(0, ("exodetect (C++ XGBoost, physical features)", ours["roc_auc"],
                           ours["accuracy"], ours_seconds))
    if not args.no_forest:
        xf = np.nan_to_num(x, nan=-999.0)  # the forest cannot take NaN
        t0 = time.perf_counter()
        rf_prob = np.zeros((len(y), n_classes))
        for f in range(fold.max() + 1):
            train, test = fold != f, fold == f
            rf = RandomForestClassifier(n_estimators=500, n_jobs=args.threads,
                                        random_state=args.seed)
            rf.fit(xf[train], y[train])
            rf_prob[test] = rf.predict_proba(xf[test])
        rf_auc = roc_auc_score(y, rf_prob[:, 1]) if n_classes == 2 else roc_auc_score(
            y, rf_prob, multi_class="ovr")
        results.append(("sklearn random forest (raw honest columns)", rf_auc,
                        accuracy_score(y, rf_prob.argmax(1)), time.perf_counter() - t0))

    print("KOI %s task, grouped %d-fold CV by kepid on identical folds (n=%d, %d features raw)"
          % (args.task, fold.max() + 1, len(y), len(columns)))
    print("%-48s %9s %9s %9s" % ("model", "roc_auc", "accuracy", "seconds"))
    for name, auc, acc, sec in results:
        print("%-48s %9.4f %9.4f %9.1f" % (name, auc, acc, sec))
    if ours:
        print("exodetect - python3-xgboost: roc_auc %+.4f, accuracy %+.4f; CV time ratio "
              "python/exodetect %.2fx (exodetect's time includes the final model)"
              % (ours["roc_auc"] - ref_auc, ours["accuracy"] - ref_acc,
                 ref_seconds / ours_seconds))


if __name__ == "__main__":
    sys.exit(main())
