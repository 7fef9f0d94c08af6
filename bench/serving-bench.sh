#!/usr/bin/env bash
# Serving benchmark for the shipped 64x64 DCGAN: raw in-process generator throughput at batch 1,
# 16, 64 and two concurrent passes of 16, then served single-image POST /generate throughput and
# p50/p99 latency at concurrency 1, 8 and 32, for three servers: the defaults, one pass per model
# at a time, and batching off. The load generator is wrk (Debian's, installed when missing) with
# bench/generate.lua: each request its own seed, 503s counted apart. Each server first takes
# WARM-UP seconds of load at concurrency 32, unmeasured, so that the JIT has compiled the request
# path. The raw figures are taken before and after the served ones, so that drift of the VM over
# the run shows. Prints JSON lines.
# Usage: bench/serving-bench.sh [seconds-per-level] [warm-up-seconds]   (defaults 20 45)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
warmup=${2:-45}
port=18089
if ! command -v wrk >/dev/null; then
	apt-get install -y wrk >/dev/null
fi
./mvnw -B -q -o package -DskipTests 2>/dev/null || ./mvnw -B -q package -DskipTests
cp_file=target/bench-classpath.txt
[[ -f $cp_file ]] || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
raw() {
	java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "target/classes:target/test-classes:$(cat "$cp_file")" \
		dev.ganforge.bench.ServingBenchmark models/fashion-dcgan-64 2>/dev/null | grep '^{' |
		sed "s/^{/{\"when\":\"$1\",/"
}
raw before
# CPU ticks (1/100 s) of the server: the whole process (threads that ended included), then per
# thread id, tagged http (Tomcat's) or jit; everything else is inference (the generate workers and
# the PyTorch threads they start) and a little GC.
ticks() {
	echo "process $(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f12,13 | tr ' ' +)"
	for task in /proc/"$1"/task/*; do
		case $(cat "$task/comm") in
		http-nio*) kind=http ;;
		*Compiler*) kind=jit ;;
		*) continue ;;
		esac
		echo "$kind:${task##*/} $(sed 's/.*) //' "$task/stat" | cut -d' ' -f12,13 | tr ' ' +)"
	done
}
# Server CPU between two ticks snapshots, in % of one core (200 = both cores busy).
cpu() {
	awk -v seconds="$3" 'FNR == NR { split($2, t, "+"); was[$1] = t[1] + t[2]; next }
		{ split($2, t, "+"); d = t[1] + t[2] - was[$1]; k = $1; sub(/:.*/, "", k); s[k] += d }
		END { printf "\"total\":%d,\"http\":%d,\"jit\":%d,\"rest\":%d", s["process"] / seconds,
			s["http"] / seconds, s["jit"] / seconds, (s["process"] - s["http"] - s["jit"]) / seconds }' "$1" "$2"
}
load() {
	wrk -t"$((($1 < 2) ? 1 : 2))" -c"$1" -d"$2"s -s bench/generate.lua "http://localhost:$port" | grep '^{'
}
servers=("defaults:" "one-pass-per-model:--ganforge.generation.passes-per-model=1"
	"batching-off:--ganforge.generation.batching-enabled=false")
for server in "${servers[@]}"; do
	name=${server%%:*}
	java -jar target/ganforge.jar --server.port=$port --ganforge.models.default-model=fashion-dcgan-64 \
		${server#*:} >/tmp/ganforge-serving-bench.log 2>&1 &
	pid=$!
	for _ in $(seq 120); do
		curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
		sleep 1
	done
	load 32 "$warmup" >/dev/null
	for concurrency in 1 8 32; do
		ticks "$pid" >/tmp/ganforge-ticks-before
		load "$concurrency" "$seconds" |
			sed "s/^{/{\"mode\":\"load\",\"server\":\"$name\",\"concurrency\":$concurrency,/"
		ticks "$pid" >/tmp/ganforge-ticks-after
		echo "{\"mode\":\"cpu\",\"server\":\"$name\",\"concurrency\":$concurrency,$(cpu \
			/tmp/ganforge-ticks-before /tmp/ganforge-ticks-after "$seconds")}"
	done
	kill "$pid"
	wait "$pid" || true
done
raw after
