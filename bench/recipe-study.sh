#!/usr/bin/env bash
# Recipe study (issue 13 §4): trains the 32x32 DCGAN on Fashion-MNIST with each named recipe and seed,
# one run after the other, then scores every exported generator with `evaluate --samples 5000`.
# Each recipe gets the same wall-clock budget: its step count is the baseline's (3 epochs at batch 64,
# 2,811 steps) divided by its cost per step relative to the baseline, measured on this machine
# (docs/QUALITY.md gives the ratios used). Prints one JSON object per run to stdout.
#
# Usage: bench/recipe-study.sh OUT_DIR "SEEDS" RECIPE...
#   e.g. bench/recipe-study.sh /tmp/study "1 2" baseline ttur sngan
# Environment: JAR (default target/ganforge.jar; copy it first if you rebuild during the study),
#   STEPS (the baseline budget, default 2811), ARCH (dcgan, default, or gan: the vanilla MLP GAN; the
#   cost ratios are the DCGAN's), EVAL=0 to skip the evaluations.
set -euo pipefail
out=$1
seeds=$2
shift 2
jar=${JAR:-target/ganforge.jar}
budget=${STEPS:-2811}
arch=${ARCH:-dcgan}
mkdir -p "$out"

# recipe -> "cost-per-step-relative-to-baseline|options"
recipe() {
	case "$1" in
		baseline) echo "1|" ;;
		ttur) echo "1|--lr-d 4e-4 --lr-g 1e-4" ;;
		sngan) echo "1.05|--spectral-norm --loss hinge --beta1 0 --beta2 0.9" ;;
		ema) echo "1|--ema-decay 0.999 --ema-rampup 0.05" ;;
		smooth) echo "1|--label-smoothing 0.1" ;;
		dsteps2) echo "1.5|--d-steps 2" ;;
		batch128) echo "2|--batch-size 128" ;;
		diffaug) echo "1.1|--diff-augment translation,cutout" ;;
		diffaug-ema) echo "1.1|--diff-augment translation,cutout --ema-decay 0.999 --ema-rampup 0.05" ;;
		*) echo "unknown recipe $1" >&2; exit 2 ;;
	esac
}

java_run() {
	java -Xmx3g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -jar "$jar" "$@"
}

for name in "$@"; do
	spec=$(recipe "$name")
	cost=${spec%%|*}
	options=${spec#*|}
	steps=$(awk -v b="$budget" -v c="$cost" 'BEGIN { printf "%d", b / c + 0.5 }')
	for seed in $seeds; do
		dir="$out/$name-s$seed"
		if [[ -f "$dir/model/manifest.json" ]]; then
			continue
		fi
		started=$(date +%s.%N)
		# shellcheck disable=SC2086
		java_run train --dataset fashion-mnist:train --arch "$arch" --image-size 32 --steps "$steps" --seed "$seed" \
			$options --sample-every 500 --snapshot-every 1000 --keep-snapshots 1 --progress none \
			--out "$dir/model" --run-dir "$dir/run" >"$dir.log" 2>&1
		ended=$(date +%s.%N)
		printf '{"recipe":"%s","arch":"%s","seed":%s,"steps":%s,"options":"%s","wallSeconds":%.1f}\n' \
			"$name" "$arch" "$seed" "$steps" "$options" "$(echo "$ended - $started" | bc)" | tee "$dir.train.json"
	done
done

if [[ "${EVAL:-1}" == 1 ]]; then
	for name in "$@"; do
		for seed in $seeds; do
			dir="$out/$name-s$seed"
			[[ -f "$dir.eval.json" ]] && continue
			java_run evaluate --samples 5000 --seed 0 --model "$dir/model" 2>/dev/null \
				| sed -n '/^{/,/^}/p' | tr -d '\n' | sed 's/  */ /g' >"$dir.eval.json"
			echo >>"$dir.eval.json"
			echo "{\"recipe\":\"$name\",\"seed\":$seed,\"train\":$(cat "$dir.train.json"),\"evaluation\":$(cat "$dir.eval.json")}"
		done
	done
fi
