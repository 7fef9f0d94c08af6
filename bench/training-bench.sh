#!/usr/bin/env bash
# Training benchmark: GANForge (DJL) against the PyTorch reference (bench/dcgan_reference.py), in one
# run, same thread count. Prints JSON lines; docs/BENCHMARKS.md records a run of it.
# Usage: bench/training-bench.sh [java-iterations] [python-iterations]   (needs /usr/bin/python3 with Debian's python3-torch;
#        installs libopenblas0-pthread for the fastest Python configuration if it can)
set -euo pipefail
cd "$(dirname "$0")/.."
iters=${1:-10}
py_iters=${2:-5}
threads=2

./mvnw -B -q -o test-compile -Dspring-javaformat.skip=true 2>/dev/null || ./mvnw -B -q test-compile
cp_file=target/bench-classpath.txt
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
cp="target/classes:target/test-classes:$(cat "$cp_file")"

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2 | xargs) MHz"
echo "# java: $(java -version 2>&1 | head -1)"
for size in 32 64; do
	for batch in 64 128; do
		java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.num_threads=$threads \
			-cp "$cp" dev.ganforge.bench.TrainingBenchmark "$size" "$batch" "$iters" 2>/dev/null | grep '^{'
	done
done

blas_alternative() {
	update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | awk '/^Value:/ {print $2}'
}
python_bench() {
	for size in 32 64; do
		for batch in 64 128; do
			/usr/bin/python3 bench/dcgan_reference.py --image-size "$size" --batch-size "$batch" --iters "$py_iters" \
				--threads $threads "$@" | sed "s|}$|, \"libblas\": \"$(blas_alternative)\", \"openblasThreads\": \"${OPENBLAS_NUM_THREADS:-default}\"}|"
		done
	done
}
if [[ "$(blas_alternative)" != *openblas* ]] && command -v apt-get >/dev/null; then
	# Debian's default reference BLAS is many times slower than OpenBLAS; compare against the best.
	apt-get install -y -q libopenblas0-pthread >/dev/null 2>&1 || true
fi
echo "# python reference ($(blas_alternative)); BLAS threads 1 and 2, torch threads $threads"
for blas_threads in 1 2; do
	OPENBLAS_NUM_THREADS=$blas_threads python_bench
	OPENBLAS_NUM_THREADS=$blas_threads python_bench --subpixel
done
