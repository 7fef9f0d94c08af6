#!/usr/bin/env bash
# Quality report: FD, KID, precision/recall and classifier score of the shipped models and of the
# real-data floor (train split against test split), all at one sample count. Prints one JSON object
# per evaluation; docs/QUALITY.md records a run of it. With --write-manifest the models' manifests
# get the metrics.
# Usage: bench/quality-bench.sh [samples] [--write-manifest]
set -euo pipefail
cd "$(dirname "$0")/.."
samples=${1:-5000}
write=${2:-}

./mvnw -B -q -o compile -Dspring-javaformat.skip=true
cp_file=target/quality-classpath.txt
./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
cp="target/classes:$(cat "$cp_file")"

# One JSON object per line; "seconds" is the evaluation's own time, cached reference included.
evaluate() {
	echo "# evaluate --samples $samples $*"
	java -Xmx2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$cp" dev.ganforge.GanForgeApplication \
		evaluate --samples "$samples" "$@" 2>/dev/null | sed -n '/^{/,/^}/p' | tr -d '\n' | sed 's/  */ /g'
	echo
}

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
evaluate --dataset fashion-mnist:train --image-size 32
evaluate --dataset fashion-mnist:train --image-size 64
evaluate --model models/fashion-gan-32 $write
evaluate --model models/fashion-dcgan-64 $write
