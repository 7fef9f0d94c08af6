#!/usr/bin/env bash
# Serving benchmark for the shipped 64x64 DCGAN: raw in-process generator throughput at batch 1,
# 16, 64, then served single-image POST /generate throughput and p50/p99 latency at concurrency 1, 8
# and 32, with dynamic batching on and off. The load generator is bench's ServingBenchmark (a Java
# HTTP client holding a fixed number of requests in flight). Prints JSON lines.
# Usage: bench/serving-bench.sh [seconds-per-level]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=18089
./mvnw -B -q -o package -DskipTests 2>/dev/null || ./mvnw -B -q package -DskipTests
cp_file=target/bench-classpath.txt
[[ -f $cp_file ]] || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
bench() {
	java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "target/classes:target/test-classes:$(cat "$cp_file")" \
		dev.ganforge.bench.ServingBenchmark "$@" 2>/dev/null | grep '^{'
}
bench raw models/fashion-dcgan-64
for batching in true false; do
	java -jar target/ganforge.jar --server.port=$port --ganforge.models.default-model=fashion-dcgan-64 \
		--ganforge.generation.batching-enabled=$batching >/tmp/ganforge-serving-bench.log 2>&1 &
	server=$!
	for _ in $(seq 120); do
		curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
		sleep 1
	done
	echo "# batching $batching"
	for concurrency in 1 8 32; do
		bench load "http://localhost:$port" "$concurrency" "$seconds"
	done
	kill "$server"
	wait "$server" || true
done
