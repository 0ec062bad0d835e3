#!/usr/bin/python3
"""The stack exodetect's API replaces: FastAPI + uvicorn + python3-xgboost scoring KOI rows.

  api_reference_fastapi.py --train KOI.csv.gz --out model.json   # once, before serving
  REFERENCE_MODEL=model.json uvicorn api_reference_fastapi:app --workers 4 --no-access-log

POST /api/v1/predict takes the same {"rows": [{koi_*: number}]} body as exodetect and answers
planet probabilities with the top 8 SHAP contributions per row (exodetect explains every
prediction too, so both do the same work). Hyperparameters follow exodetect's defaults, and the
booster is early-stopped as each of exodetect's is.
"""
import argparse
import csv
import gzip
import io
import math
import os
import sys
from typing import Dict, List, Optional, Union

import numpy as np
import xgboost as xgb

# The KOI columns the reference scores (measured transit and stellar properties).
FEATURES = [
    "koi_period", "koi_impact", "koi_duration", "koi_depth", "koi_prad", "koi_teq",
    "koi_insol", "koi_model_snr", "koi_steff", "koi_slogg", "koi_srad", "koi_kepmag",
]


def train(path: str, out: str) -> None:
    with gzip.open(path, "rt") if path.endswith(".gz") else open(path) as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("".join(lines))))
    x, y = [], []
    for r in rows:
        label = {"CONFIRMED": 1, "FALSE POSITIVE": 0}.get(r["koi_disposition"])
        if label is None:
            continue
        x.append([float(r[c]) if r[c] not in ("", None) else math.nan for c in FEATURES])
        y.append(label)
    # exodetect's default hyperparameters (TrainOptions), early-stopped as each of its boosters is:
    # up to 600 rounds, patience 50, on a held-out seventh of the rows.
    x, y = np.array(x), np.array(y)
    held_out = np.random.default_rng(42).permutation(len(y)) % 7 == 0
    booster = xgb.train(
        {"objective": "binary:logistic", "max_depth": 5, "eta": 0.1, "subsample": 0.8,
         "colsample_bytree": 0.5, "min_child_weight": 1.0, "nthread": 1, "eval_metric": "logloss",
         "seed": 42},
        xgb.DMatrix(x[~held_out], label=y[~held_out], feature_names=FEATURES),
        num_boost_round=600, early_stopping_rounds=50, verbose_eval=False,
        evals=[(xgb.DMatrix(x[held_out], label=y[held_out], feature_names=FEATURES), "held_out")])
    booster = booster[: booster.best_iteration + 1]
    print(f"reference booster: {booster.num_boosted_rounds()} trees", file=sys.stderr)
    booster.save_model(out)


def make_app():
    from fastapi import FastAPI
    from pydantic import BaseModel

    booster = xgb.Booster()
    booster.load_model(os.environ["REFERENCE_MODEL"])
    booster.set_param({"nthread": 1})

    class PredictRequest(BaseModel):
        rows: List[Dict[str, Optional[Union[float, str]]]]

    app = FastAPI(title="reference KOI scorer")

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.post("/api/v1/predict")
    def predict(req: PredictRequest):
        matrix = np.array([[float(r[c]) if r.get(c) is not None else math.nan for c in FEATURES]
                           for r in req.rows])
        dm = xgb.DMatrix(matrix, feature_names=FEATURES)
        probs = booster.predict(dm)
        contribs = booster.predict(dm, pred_contribs=True)
        out = []
        for i, p in enumerate(probs):
            order = np.argsort(-np.abs(contribs[i][:-1]))[:8]
            out.append({
                "row": i,
                "planet_probability": float(p),
                "label": "planet" if p >= 0.5 else "false_positive",
                "explanation": [{"feature": FEATURES[j],
                                 "value": None if math.isnan(matrix[i][j]) else float(matrix[i][j]),
                                 "contribution": float(contribs[i][j])} for j in order],
            })
        return {"predictions": out, "errors": []}

    return app


if os.environ.get("REFERENCE_MODEL"):
    app = make_app()

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    train(args.train, args.out)
