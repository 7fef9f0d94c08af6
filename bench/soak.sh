#!/usr/bin/env bash
# Soak: the packaged service with a training job running (DCGAN 32x32 on Fashion-MNIST, a worker
# process), first idle for IDLE seconds (the job's images/s alone), then LOAD seconds of mixed
# POST /generate (1-16 images) and POST /interpolate (4-16 frames) at concurrency 64 on loopback,
# from bench's SoakLoad. Samples the service's RSS, load average and committed Java heap every 10 s.
# Prints JSON lines; the last one is the summary docs/BENCHMARKS.md records.
# Usage: bench/soak.sh [load-seconds] [idle-seconds] [concurrency]   (defaults 600 120 64)
set -euo pipefail
cd "$(dirname "$0")/.."
load=${1:-600}
idle=${2:-120}
concurrency=${3:-64}
port=18090
work=$(mktemp -d /tmp/ganforge-soak.XXXXXX)
[[ -f target/ganforge.jar ]] || ./mvnw -B -q -o -DskipTests package
[[ -f target/test-classes/dev/ganforge/bench/SoakLoad.class ]] || ./mvnw -B -q -o test-compile
cp_file=target/bench-classpath.txt
[[ -f $cp_file ]] || ./mvnw -B -q -o dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
mkdir -p "$work/models"
cp -r models/fashion-dcgan-64 "$work/models/"

java -jar target/ganforge.jar --server.port=$port --ganforge.models.dir="$work/models" \
	--ganforge.jobs.dir="$work/jobs" --ganforge.models.default-model=fashion-dcgan-64 >"$work/service.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 180); do
	curl -fs "http://localhost:$port/actuator/health" >/dev/null 2>&1 && break
	sleep 1
done

job=$(curl -fs -H 'Content-Type: application/json' "http://localhost:$port/jobs" -d '{"modelName":"soak-dcgan",
	"dataset":"fashion-mnist:train","architecture":"dcgan","imageSize":32,"batchSize":64,"steps":1000000,
	"seed":1,"sampleEvery":200,"snapshotEvery":500}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
history="$work/jobs/$job/run/history.csv"
step() { tail -n 1 "$history" 2>/dev/null | cut -d, -f1 | grep -E '^[0-9]+$' || echo 0; }
# Mean images/s of the history rows in (from, to].
speed() { awk -F, -v a="$1" -v b="$2" 'NR > 1 && $1 > a && $1 <= b { s += $8; n++ } END { printf "%.1f", n ? s / n : 0 }' "$history"; }
until [[ $(step) -ge 5 ]]; do sleep 2; done
echo "{\"phase\":\"idle\",\"job\":\"$job\",\"uptime\":\"$(uptime | sed 's/.*load average: //')\"}"
idle_from=$(step)
sleep "$idle"
idle_to=$(step)

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
# Java heap committed, in kB: the part of RSS that G1 sizes, apart from native memory.
heap() {
	curl -fs "http://localhost:$port/actuator/metrics/jvm.memory.committed?tag=area:heap" |
		sed 's/.*"value":\([0-9.E]*\).*/\1/' | awk '{ printf "%d", $1 / 1024 }'
}
(
	start=$(date +%s)
	while kill -0 $server 2>/dev/null; do
		echo "$(($(date +%s) - start)),$(rss),$(cut -d' ' -f1 /proc/loadavg),$(heap)"
		sleep 10
	done
) >"$work/rss.csv" &
sampler=$!
load_from=$(step)
java -Dai.djl.offline=true -cp "target/test-classes:$(cat "$cp_file")" dev.ganforge.bench.SoakLoad \
	"http://localhost:$port" "$concurrency" "$load" | tee "$work/load.jsonl"
load_to=$(step)
kill $sampler
curl -fs -X POST "http://localhost:$port/jobs/$job/cancel" >/dev/null || true

# RSS after warm-up: the sample at the end of the load's second minute against the last and the
# largest sample of the load.
warm=$(awk -F, '$1 >= 120 { print $2; exit }' "$work/rss.csv")
last=$(tail -n 1 "$work/rss.csv" | cut -d, -f2)
peak=$(cut -d, -f2 "$work/rss.csv" | sort -n | tail -n 1)
# The trend, apart from the spikes single large passes cause: the median of each whole minute's
# samples (every 10 s), and the last minute's median against the third's (the first after warm-up).
# minute_medians COLUMN: column 2 is RSS, column 4 the committed heap.
minute_medians() {
	awk -F, -v c="$1" '{ print int($1 / 60) "," $c }' "$work/rss.csv" | sort -t, -k1,1n -k2,2n |
		awk -F, '{ v[$1, ++n[$1]] = $2; last = $1 }
			END { for (m = 0; m <= last; m++) if (n[m] >= 4) { printf "%s%d", sep, v[m, int((n[m] + 1) / 2)] / 1024; sep = "," } }'
}
medians=$(minute_medians 2)
heap_medians=$(minute_medians 4)
trend=$(echo "$medians" | awk -F, '{ printf "%.1f", 100 * ($NF - $3) / $3 }')
loadavg=$(cut -d, -f3 "$work/rss.csv" | sort -n | awk '{ a[NR] = $1 } END { printf "%s-%s", a[1], a[NR] }')
summary=$(tail -n 1 "$work/load.jsonl")
echo "{\"phase\":\"summary\",\"trainingIdleImagesPerSecond\":$(speed "$idle_from" "$idle_to"),\"idleSteps\":$((idle_to - idle_from)),\
\"trainingLoadedImagesPerSecond\":$(speed "$load_from" "$load_to"),\"loadedSteps\":$((load_to - load_from)),\
\"rssWarmKb\":$warm,\"rssLastKb\":$last,\"rssPeakKb\":$peak,\
\"rssGrowthPercent\":$(awk -v w="$warm" -v p="$peak" 'BEGIN { printf "%.1f", 100 * (p - w) / w }'),\
\"rssMinuteMediansMb\":[$medians],\"rssTrendPercent\":$trend,\"heapCommittedMinuteMediansMb\":[$heap_medians],\
\"loadAverageRange\":\"$loadavg\",\"uptimeAtEnd\":\"$(uptime | sed 's/.*load average: //')\",\"load\":$summary}"
echo "# work dir (service log, rss.csv, load.jsonl): $work" >&2
