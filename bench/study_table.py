#!/usr/bin/env python3
"""Summarises a bench/recipe-study.sh directory: one row per recipe with the mean and the
spread (min-max over seeds) of FD, KID, precision, recall, classifier score and class
entropy, plus the worst class, and writes every run as one JSON line (the raw data).

Usage: bench/study_table.py STUDY_DIR [RAW_JSONL_OUT]
"""
import glob
import json
import os
import statistics
import sys

from tables import cell

study = sys.argv[1]
raw_out = sys.argv[2] if len(sys.argv) > 2 else None
runs = {}
raw = []
for train_file in sorted(glob.glob(os.path.join(study, "*.train.json"))):
    base = train_file[: -len(".train.json")]
    eval_file = base + ".eval.json"
    if not os.path.exists(eval_file) or os.path.getsize(eval_file) < 10:
        continue
    train = json.load(open(train_file))
    evaluation = json.loads(open(eval_file).read())
    raw.append({"train": train, "evaluation": evaluation})
    runs.setdefault(train["recipe"], []).append((train, evaluation))

if raw_out:
    with open(raw_out, "w") as out:
        for r in raw:
            out.write(json.dumps(r, separators=(",", ":")) + "\n")


print("| recipe | seeds | steps | train s | FD ↓ | KID ↓ | precision ↑ | recall ↑ | classifier score ↑ "
      "| class entropy (bits) ↑ | worst class (share ratio) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
order = sorted(runs, key=lambda r: statistics.mean(e["fd"] for _, e in runs[r]))
for recipe in order:
    rs = runs[recipe]
    ev = [e for _, e in rs]
    worst = min(ev, key=lambda e: e["classBalance"]["worstShareRatio"])["classBalance"]
    print(f"| {recipe} | {len(rs)} | {rs[0][0]['steps']} | {cell([t['wallSeconds'] for t, _ in rs], 0)} "
          f"| {cell([e['fd'] for e in ev], 1)} | {cell([e['kid'] for e in ev], 2)} "
          f"| {cell([e['precision'] for e in ev], 3)} | {cell([e['recall'] for e in ev], 3)} "
          f"| {cell([e['classifierScore'] for e in ev], 2)} "
          f"| {cell([e['classBalance']['entropyBits'] for e in ev], 2)} "
          f"| {worst['worstClass']} ({worst['worstShareRatio']:.2f}) |")
