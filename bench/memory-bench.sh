#!/usr/bin/env bash
# Native memory of training past warm-up: RSS must grow less than 5% over the measured steps.
# The Java heap is capped (-Xmx) so that RSS growth is native memory, not a lazily growing heap.
# Usage: bench/memory-bench.sh [imageSize ngf batch warmup measured]   (default 32 64 64 1200 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -o test-compile -Dspring-javaformat.skip=true 2>/dev/null || ./mvnw -B -q test-compile
cp_file=target/bench-classpath.txt
[[ -f $cp_file ]] || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
java -Xmx512m -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "target/classes:target/test-classes:$(cat "$cp_file")" \
	dev.ganforge.bench.TrainingMemoryBenchmark "${1:-32}" "${2:-64}" "${3:-64}" "${4:-1200}" "${5:-1000}" 2>/dev/null
