#!/usr/bin/env python3
"""Summarises a bench/parity.sh directory (issue 13 §1 and §6).

Parity: for GANForge and the PyTorch reference, the mean and the spread (min-max over seeds) of
the final generators' FD, KID, precision, recall, classifier score and class entropy at 5,000
samples, and whether GANForge's mean FD lies within the reference's seed spread.

Time to quality: the target is the reference's mean FD at its last curve point (2 epochs, 2,000
samples). For each run, the training seconds at which its curve first reaches the target,
interpolated linearly between the two evaluations around the crossing; then the ratio of the
means. Training seconds are the time inside the training steps: GANForge's from its step lines
(batch / imagesPerSecond, summed), the reference's as it records them.

Seeds measured in different sessions are summarised together by naming each source: a
bench/parity.sh directory, or the raw JSON lines an earlier summary wrote. Time to quality uses
only the runs evaluated along the way (a run made with EVERY equal to its steps has one point).

Usage: bench/parity_table.py SOURCE... [--raw-out RAW_JSONL]
       e.g. bench/parity_table.py docs/parity-2026-12-06.jsonl /tmp/parity/runs --raw-out new.jsonl
       (--raw-out writes the runs read from directories, not those read from earlier raw files)
"""
import glob
import json
import os
import re
import statistics
import sys

from tables import cell

BATCH = 64  # bench/parity.sh trains at the default batch size

args = sys.argv[1:]
raw_out = None
if "--raw-out" in args:
    at = args.index("--raw-out")
    raw_out = args[at + 1]
    del args[at:at + 2]
if not args:
    sys.exit(__doc__)


def lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.startswith("{")]


def ganforge(dir):
    """The curve (with the steps of a bench/parity.sh EXTEND continuation) and the training
    seconds up to the first run's end, the step its final.json scores."""
    seconds = 0.0
    at_step = {}
    curve = []
    first_end = None
    for line in lines(os.path.join(dir, "progress.jsonl")):
        if line.get("type") == "step":
            stats = line["stats"]
            seconds += BATCH / stats["imagesPerSecond"]
            at_step[stats["step"]] = seconds
        elif line.get("type") == "evaluation":
            curve.append({"step": line["step"], "trainSeconds": at_step[line["step"]], "fd": line["fd"],
                          "kid": line["kid"]})
        elif line.get("type") == "done" and first_end is None:
            first_end = line["step"]
    return curve, at_step[first_end], first_end


def reference(dir):
    seconds = {c["step"]: c["trainSeconds"] for c in lines(os.path.join(dir, "curve.jsonl"))}
    curve = []
    for e in lines(os.path.join(dir, "evaluations.jsonl")):
        step = int(re.search(r"step-(\d+)", e["subject"]).group(1))
        curve.append({"step": step, "trainSeconds": seconds[step], "fd": e["fd"], "kid": e["kid"]})
    curve.sort(key=lambda c: c["step"])
    return curve, max(seconds.values()), max(seconds)


runs = {"ganforge": [], "reference": []}
measured_here = []
for source in args:
    if os.path.isfile(source):
        for r in lines(source):
            runs[r["impl"]].append(r)
        continue
    for impl, read in (("ganforge", ganforge), ("reference", reference)):
        for dir in sorted(glob.glob(os.path.join(source, impl + "-s*"))):
            final_file = os.path.join(dir, "final.json")
            if not os.path.exists(final_file):
                continue
            curve, train_seconds, steps = read(dir)
            final = json.loads(open(final_file).read())
            wall = json.load(open(os.path.join(dir, "wall.json")))["wallSeconds"]
            seed = int(dir.rsplit("-s", 1)[1])
            run = {"impl": impl, "seed": seed, "trainSeconds": round(train_seconds, 1),
                   "wallSeconds": round(wall, 1), "steps": steps, "curve": curve, "final": final}
            runs[impl].append(run)
            measured_here.append(run)
for impl in runs:
    seeds = [r["seed"] for r in runs[impl]]
    if len(seeds) != len(set(seeds)):
        sys.exit(f"{impl}: a seed appears in more than one source: {sorted(seeds)}")
    runs[impl].sort(key=lambda r: r["seed"])

if raw_out:
    with open(raw_out, "w") as out:
        for r in measured_here:
            out.write(json.dumps(r, separators=(",", ":")) + "\n")


print("| implementation | seeds | FD ↓ | KID ↓ | precision ↑ | recall ↑ | classifier score ↑ | class entropy ↑ "
      "| training s | s per step |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for impl in runs:
    rs = runs[impl]
    if not rs:
        continue
    f = [r["final"] for r in rs]
    print(f"| {impl} | {', '.join(str(r['seed']) for r in rs)} | {cell([x['fd'] for x in f], 1)} "
          f"| {cell([x['kid'] for x in f], 2)} | {cell([x['precision'] for x in f], 3)} "
          f"| {cell([x['recall'] for x in f], 3)} | {cell([x['classifierScore'] for x in f], 2)} "
          f"| {cell([x['classBalance']['entropyBits'] for x in f], 2)} | {cell([r['trainSeconds'] for r in rs], 0)} "
          f"| {cell([r['trainSeconds'] / r['steps'] for r in rs], 3)} |")
print()
for impl in runs:
    for r in runs[impl]:
        print(f"{impl} seed {r['seed']}: FD {r['final']['fd']:.1f}, recall {r['final']['recall']:.3f}, "
              f"classes {r['final']['classBalance']['counts']}")
print()

if runs["ganforge"] and runs["reference"]:
    ours = statistics.mean(r["final"]["fd"] for r in runs["ganforge"])
    ref = [r["final"]["fd"] for r in runs["reference"]]
    inside = min(ref) <= ours <= max(ref)
    print(f"Parity: GANForge's mean FD {ours:.1f} is {'inside' if inside else 'outside'} the reference's seed "
          f"spread {min(ref):.1f}-{max(ref):.1f} (mean {statistics.mean(ref):.1f}).")
    print()

    curves = {impl: [r for r in runs[impl] if len(r["curve"]) > 1] for impl in runs}
    if not curves["ganforge"] or not curves["reference"]:
        sys.exit(0)
    target = statistics.mean(r["curve"][-1]["fd"] for r in curves["reference"])
    ref_end = curves["reference"][0]["curve"][-1]["step"]

    def reached(curve):
        previous = None
        for point in curve:
            if point["fd"] <= target:
                if previous is None:
                    return point["trainSeconds"]
                share = (previous["fd"] - target) / (previous["fd"] - point["fd"])
                return previous["trainSeconds"] + share * (point["trainSeconds"] - previous["trainSeconds"])
            previous = point
        return None

    print(f"Time to quality: target FD {target:.1f} (the reference's mean at step {ref_end}, 2,000 samples)")
    print()
    print("| implementation | seed | curve (step: FD) | seconds to target |")
    print("|---|---|---|---:|")
    means = {}
    for impl in curves:
        times = []
        for r in curves[impl]:
            t = reached(r["curve"])
            times.append(t)
            points = ", ".join(f"{p['step']}: {p['fd']:.0f}" for p in r["curve"])
            print(f"| {impl} | {r['seed']} | {points} | {'not reached' if t is None else f'{t:.0f}'} |")
        if all(t is not None for t in times):
            means[impl] = statistics.mean(times)
    print()
    for impl, m in means.items():
        print(f"{impl}: mean over seeds {m:.0f} s to FD {target:.1f}")
    if len(means) == 2:
        print(f"GANForge / reference (per-seed means): {means['ganforge'] / means['reference']:.2f}")

    # The seed-mean curve: FD and training seconds averaged over seeds at each step that
    # every run of an implementation evaluated; less noisy than any one seed's crossing.
    mean_times = {}
    for impl in curves:
        steps = sorted(set.intersection(*(set(p["step"] for p in r["curve"]) for r in curves[impl])))
        curve = [{"step": st,
                  "fd": statistics.mean(next(p["fd"] for p in r["curve"] if p["step"] == st) for r in curves[impl]),
                  "trainSeconds": statistics.mean(next(p["trainSeconds"] for p in r["curve"] if p["step"] == st)
                                                  for r in curves[impl])} for st in steps]
        t = reached(curve)
        mean_times[impl] = t
        points = ", ".join(f"{p['step']}: {p['fd']:.1f} @ {p['trainSeconds']:.0f} s" for p in curve)
        print(f"{impl} seed-mean curve: {points}; reaches FD {target:.1f} at "
              f"{'never' if t is None else f'{t:.0f} s'}")
    if all(mean_times.values()):
        print(f"GANForge / reference (seed-mean curves): {mean_times['ganforge'] / mean_times['reference']:.2f}")
