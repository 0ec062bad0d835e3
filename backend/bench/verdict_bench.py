#!/usr/bin/env python3
"""How far the verdict on a light curve can be trusted (`make bench`, via verdict_bench.sh).

1. The candidate model's grouped-CV ROC-AUC with and without the star (from the model card:
   the folds group every copy of a star's rows together, see ml::mask_star_copies).
2. The planet probability of every confirmed KOI scored from period, duration and depth alone
   (`exodetect predict`): the star removed, as from a CSV without a header.
3. Every light curve in data/lightcurves (and EXTRA_LC_DIRS): `exodetect search --score`, the
   candidate nearest each catalogued signal, its period, duration, depth, SNR and transit count
   against the catalogue row, the probability and the flags. These files are never trained or
   tuned on: they are the test set.

Usage: verdict_bench.py EXODETECT_BINARY [--model PATH] [--lc-dir DIR]... [--only NAME]...
                        [--json OUT] [--skip-lightcurves]
(--only: just these light-curve files, for a targeted run)
Standard library only.
"""

import argparse
import csv
import gzip
import io
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile

# One line per measure, printed again at the end: what `make bench` readers look for first.
SUMMARY = []

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATALOGS = os.path.join(ROOT, "data", "catalogs")

# The test set: every light curve with what it is, from data/SOURCES.md and
# ../shared/data/SOURCES.md (catalogue rows named there). "planet": each listed catalogue row is
# a planet the search should find and call one; "not": nothing found, flagged or below 0.5.
# Rows: (table, id) in the KOI/TOI tables, or (None, period_days) where the table has no row.
TRUTH = {
    "kplr010666592-2009131110544_slc.fits.gz": ("planet", [("koi", "K00002.01")]),
    # Kepler-90 in Q3 (BKJD 256-349): by the KOI ephemerides d (.03) transits twice, e (.04)
    # once, c (.05) ten times and b (.06, 116 ppm) about thirteen times; g (.02) and h (.01) not
    # at all.
    "kplr011442793-2009350155506_llc.fits.gz": ("planet", [("koi", "K00351.03"), ("koi", "K00351.04"), ("koi", "K00351.05"), ("koi", "K00351.06")]),
    "hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz": ("planet", [("toi", "114.01")]),
    "tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz": ("planet", [("toi", "101.01")]),
    "tess2018206045859-s0001-0000000149603524-0120-s_lc.fits.gz": ("planet", [("toi", "102.01")]),
    "tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz": ("planet", [("toi", "106.01")]),
    "k2_EPIC206154641_WASP-75_everest_c03.csv.gz": ("planet", [(None, 2.4842)]),
    "toi2000_tic371188886_y1_30min.csv.gz": ("planet", [("toi", "2000.01"), ("toi", "2000.02")]),
    "koi1003_kic2438502_kepler_q2.csv.gz": ("not", [("koi", "K01003.01")]),
    "kplr005110407-2009350155506_llc-kepcotrend-single.fits.gz": ("not", []),
    "kic8462852_q8_dip_llc.fits.gz": ("not", []),
    # Batch 2.
    "K2_138.csv.gz": ("planet", [(None, 2.35309), (None, 3.56004), (None, 5.40479), (None, 8.26146), (None, 12.75758)]),
    "tic55525572_lc.fits.gz": ("planet", [("toi", "813.01")]),
    "TIC198153540_lc.csv.gz": ("planet", [("toi", "1798.01"), ("toi", "1798.02")]),
    "TIC307210830_lc_data.csv.gz": ("planet", [("toi", "175.01"), ("toi", "175.02"), ("toi", "175.03")]),
    "10797460.fits.gz": ("planet", [("koi", "K00752.01"), ("koi", "K00752.02")]),
    "ktwo206103150-c03_llc.fits.gz": ("planet", [(None, 4.159151), (None, 9.030501), (None, 0.789610)]),
    "94986319_data.txt.gz": ("planet", [("toi", "421.01"), ("toi", "421.02")]),
    "ktwo211089792.txt.gz": ("planet", [(None, 3.258832)]),
    "HD23642.dat.gz": ("not", [(None, 2.4611357)]),
    "hlsp_cdips_tess_ffi_gaiatwo0004827527233363019776-0006_tess_v01_llc.fits.gz": ("not", [("toi", "450.01")]),
    "04940438.00.dat.gz": ("not", [("koi", "K01561.01")]),
    "07601633.00.dat.gz": ("not", [("koi", "K00136.01")]),
    "07914906.00.dat.gz": ("not", [("koi", "K06047.01")]),
    "ktwo210827030-c04_detrended.dat.gz": ("not", [(None, 0.5111)]),
}


def read_table(path):
    with gzip.open(path, "rt") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))


def num(row, key):
    try:
        return float(row.get(key) or "nan")
    except ValueError:
        return float("nan")


def catalogue_rows():
    """(table, id) -> {period, duration_h, depth_ppm, snr} from the shipped catalogues."""
    out = {}
    for name in sorted(os.listdir(CATALOGS)):
        path = os.path.join(CATALOGS, name)
        if name.startswith("koi"):
            for r in read_table(path):
                out[("koi", r["kepoi_name"])] = {
                    "period": num(r, "koi_period"), "duration_h": num(r, "koi_duration"),
                    "depth_ppm": num(r, "koi_depth"), "snr": num(r, "koi_model_snr"),
                    "epoch_bjd": num(r, "koi_time0bk") + 2454833.0}
        elif name.startswith("toi"):
            for r in read_table(path):
                out[("toi", r["toi"])] = {
                    "period": num(r, "pl_orbper"), "duration_h": num(r, "pl_trandurh"),
                    "depth_ppm": num(r, "pl_trandep"), "snr": float("nan"),
                    "epoch_bjd": num(r, "pl_tranmid")}
    return out


def model_card(path):
    """The card of a model file and of its embedded candidate model (ml/bundle.cpp layout)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)

    def parse(b):
        pos = 12
        (n,) = struct.unpack_from("<Q", b, pos)
        card = json.loads(b[pos + 8:pos + 8 + n])
        pos += 8 + n
        (n,) = struct.unpack_from("<Q", b, pos)
        pos += 8 + n
        (n,) = struct.unpack_from("<Q", b, pos)
        return card, (b[pos + 8:pos + 8 + n] if n else None)

    card, candidate = parse(data)
    return card, (parse(candidate)[0] if candidate else None)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def cv_section(model):
    card, cand = model_card(model)
    print("## Candidate model: grouped 5-fold CV on the KOI table (folds by star)\n")
    if cand is None:
        print("(no embedded candidate model)")
        return
    m = cand["metrics"]
    print("| rows scored | ROC-AUC | PR-AUC | accuracy |")
    print("|---|---|---|---|")
    print(f"| one per KOI row, as given | {m['roc_auc']:.4f} | {m['pr_auc']:.4f} | {m['accuracy']:.4f} |")
    masking = m.get("star_masking") or {}
    for key, what in (("with_star", "with the star (rows whose star is complete)"),
                      ("without_star", "without any stellar feature (same rows, star removed)"),
                      ("partial_star", "with part of the star removed")):
        if key in masking:
            s = masking[key]
            print(f"| {what} | {s['roc_auc']:.4f} | {s['pr_auc']:.4f} | {s['accuracy']:.4f} |")
    print(f"\nFull model (catalogue rows with context): ROC-AUC {card['metrics']['roc_auc']:.4f}.\n")
    line = f"candidate model grouped-CV ROC-AUC {m['roc_auc']:.4f}"
    if "with_star" in masking and "without_star" in masking:
        line += (f" (with the star {masking['with_star']['roc_auc']:.4f}, "
                 f"without {masking['without_star']['roc_auc']:.4f})")
    SUMMARY.append(line)


def confirmed_section(exodetect, model, rows):
    print("## Confirmed KOIs scored without their star (period, duration, depth only)\n")
    confirmed = [r for r in read_table(os.path.join(CATALOGS, sorted(
        n for n in os.listdir(CATALOGS) if n.startswith("koi"))[-1]))
        if r["koi_disposition"] == "CONFIRMED"]
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("period_days,duration_hours,depth_ppm\n")
        for r in confirmed:
            f.write(f"{r['koi_period']},{r['koi_duration']},{r['koi_depth']}\n")
        path = f.name
    out = run([exodetect, "predict", "--model", model, "--data", path, "--format", "json", "--top", "0"])
    os.unlink(path)
    if out.returncode != 0:
        print("predict failed: " + out.stderr.strip())
        return
    p = sorted(x["planet_probability"] for x in json.loads(out.stdout)["predictions"])
    q = statistics.quantiles(p, n=10)
    print(f"{len(p)} rows: median {statistics.median(p):.3f}; deciles " +
          ", ".join(f"{v:.2f}" for v in q) + f"; share >= 0.5: {sum(v >= 0.5 for v in p) / len(p):.3f}\n")
    SUMMARY.append(f"confirmed KOIs scored without their star: median {statistics.median(p):.3f} "
                   f"(n = {len(p)}, wanted >= 0.5)")


def catalogued_single_event(events, cat):
    """The event (BJD known) within a catalogued transit's half duration (at least 0.1 d) of a
    transit of the catalogue's ephemeris, or None."""
    if not cat or not cat.get("epoch_bjd") or cat["epoch_bjd"] != cat["epoch_bjd"]:
        return None
    tolerance = max(0.1, 0.5 * (cat.get("duration_h") or 0) / 24)
    for e in events:
        if e.get("t0_bjd") is None:
            continue
        phase = (e["t0_bjd"] - cat["epoch_bjd"]) / cat["period"]
        if abs(phase - round(phase)) * cat["period"] < tolerance:
            return e
    return None


def lightcurve_section(exodetect, model, lc_dirs, rows, json_out, only=None):
    print("## Every light curve: the candidate nearest each catalogued signal\n")
    print("| file | truth | signal | catalogue P (d) | found P (d) | dur h (ours/cat) | depth ppm (ours/cat) |"
          " SNR (ours/cat) | transits | p | flags | star | verdict |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    records = []
    singles = []        # (file, truth, event, catalogue signals it falls on)
    singles_found = []  # planets missed by the periodic search, reported as single events
    seen = set()
    for d in lc_dirs:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name in seen or name not in TRUTH or (only and name not in only):
                continue
            seen.add(name)
            truth, signals = TRUTH[name]
            res = run([exodetect, "search", os.path.join(d, name), "--score", "--model", model,
                       "--max-planets", "5", "--threads", "2", "--catalogs", CATALOGS])
            if res.returncode != 0:
                msg = res.stderr.strip().splitlines()[-1][:80] if res.stderr.strip() else "failed"
                ok = truth == "not"
                print(f"| {name} | {truth} | - | - | - | - | - | - | - | - | - | - | "
                      f"{'ok' if ok else 'MISS'} (error: {msg}) |")
                records.append({"file": name, "truth": truth, "error": msg, "ok": ok})
                continue
            doc = json.loads(res.stdout)
            cands = doc["candidates"]
            star = doc.get("model", {}).get("scored_with", {}).get("star", "-")
            targets = []
            for table, key in signals:
                if table is None:
                    targets.append((f"P {key}", {"period": key}))
                else:
                    targets.append((f"{table} {key}", rows.get((table, key), {"period": float("nan")})))
            if not targets:
                targets = [("(none)", None)]
            for label, cat in targets:
                best = None
                if cat is not None and cat["period"] == cat["period"]:
                    # The candidate at the period itself first, then one at half or twice it.
                    for mult in (1, 2, 0.5):
                        for c in cands:
                            if abs(c["period"] * mult - cat["period"]) < 0.01 * cat["period"]:
                                best = best or c
                elif cat is None and cands:
                    best = cands[0]
                p = best.get("planet_probability") if best else None
                flags = ",".join(best["flags"]) if best else "-"
                if truth == "planet":
                    ok = best is not None and p is not None and p >= 0.5 and abs(best["period"] - cat["period"]) < 0.01 * cat["period"]
                else:
                    ok = best is None or (p is not None and p < 0.5) or bool(best.get("vetting_failed"))
                    # Any other candidate called a planet is also a false alarm.
                    ok = ok and not any((c.get("planet_probability") or 0) >= 0.5 and not c.get("vetting_failed") for c in cands)

                def pair(key, cat_key):
                    ours = best.get(key) if best else None
                    theirs = cat.get(cat_key) if cat else None
                    a = f"{ours:.0f}" if isinstance(ours, (int, float)) and key != "duration_hours" else (f"{ours:.2f}" if isinstance(ours, (int, float)) else "-")
                    b = "-" if theirs is None or theirs != theirs else (f"{theirs:.2f}" if key == "duration_hours" else f"{theirs:.0f}")
                    return f"{a}/{b}"

                cat_p = f"{cat['period']:.5f}" if cat and cat["period"] == cat["period"] else "-"
                found_p = f"{best['period']:.5f}" if best else "not found"
                transits = f"{best['transits_with_data']}/{best['transit_count']}" if best else "-"
                prob = f"{p:.3f}" if p is not None else "-"
                print(f"| {name} | {truth} | {label} | {cat_p} | {found_p} | {pair('duration_hours', 'duration_h')} | "
                      f"{pair('depth_ppm', 'depth_ppm')} | {pair('snr', 'snr')} | {transits} | {prob} | {flags or '-'} | "
                      f"{star} | {'ok' if ok else 'MISS'} |")
                records.append({"file": name, "truth": truth, "signal": label, "catalogue": cat,
                                "candidate": best, "ok": ok, "star": star})
                if truth == "planet" and best is None:
                    event = catalogued_single_event(doc.get("single_events", []), cat)
                    if event is not None:
                        singles_found.append(f"{label} ({name})")
            for e in doc.get("single_events", []):
                singles.append((name, truth, e, [label for label, cat in targets
                                                 if catalogued_single_event([e], cat) is not None]))
    n_ok = sum(r["ok"] for r in records)
    print(f"\n{n_ok} of {len(records)} rows as they should be (planets found at the catalogue period with "
          f"p >= 0.5; non-planets not found, flagged or below 0.5).\n")
    SUMMARY.append(f"light curves: {n_ok} of {len(records)} rows as they should be")
    print("## Single transits: every single event reported, and the catalogued transit it falls on\n")
    print("| file | truth | t0 (BJD) | dur h | depth ppm | SNR | period at least (d) | b = 0 period (d) | catalogued transit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, truth, e, labels in singles:
        t0 = f"{e['t0_bjd']:.3f}" if e.get("t0_bjd") is not None else f"{e['t0']:.3f} (file's time)"
        pdur = f"{e['period_from_duration_days']:.1f}" if e.get("period_from_duration_days") is not None else "-"
        print(f"| {name} | {truth} | {t0} | {e['duration_hours']:.2f} | {e['depth_ppm']:.0f} | {e['snr']:.1f} | "
              f"{e['period_min_days']:.1f} | {pdur} | {', '.join(labels) or '-'} |")
    print(f"\n{len(singles)} single events in all; planets the periodic search misses, reported as a single "
          f"event at a catalogued transit: {', '.join(singles_found) or 'none'}.\n")
    SUMMARY.append(f"single transits: {len(singles)} reported; missed planets found as one: "
                   f"{', '.join(singles_found) or 'none'}")
    if json_out:
        with open(json_out, "w") as f:
            json.dump(records, f, indent=1, default=str)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exodetect")
    ap.add_argument("--model", default=os.path.join(ROOT, "ml", "models", "default.exomodel"))
    ap.add_argument("--lc-dir", action="append", default=[])
    ap.add_argument("--json")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--skip-lightcurves", action="store_true")
    a = ap.parse_args()
    dirs = a.lc_dir or [os.path.join(ROOT, "data", "lightcurves")]
    rows = catalogue_rows()
    cv_section(a.model)
    confirmed_section(a.exodetect, a.model, rows)
    if not a.skip_lightcurves:
        lightcurve_section(a.exodetect, a.model, dirs, rows, a.json, set(a.only))
    print("## Summary\n")
    for line in SUMMARY:
        print("- " + line)


if __name__ == "__main__":
    sys.exit(main())
