#!/usr/bin/env bash
# Sixteen concurrent ping-pong GIFs of the largest size (64 frames of 512x512, the shipped 64x64
# model at scale 8) against one server: per-request status and time, peak RSS (VmHWM), and the
# slowest liveness answer meanwhile (polled every 0.5 s). Usage: bench/gif-admission.sh JAR PORT
jar=$1; port=$2
cd "$(dirname "$0")/.."
java -Xmx4g -Dai.djl.offline=true -jar "$jar" --server.port=$port --ganforge.jobs.dir=/tmp/gifjobs-$port > /tmp/gif-$port.log 2>&1 &
pid=$!
for i in $(seq 90); do curl -sf localhost:$port/actuator/health/readiness >/dev/null && break; sleep 1; done
body='{"model":"fashion-dcgan-64","from":{"seed":1},"to":{"seed":2},"steps":64,"scale":8,"pingPong":true,"format":"gif"}'
curl -s -o /dev/null -H 'Content-Type: application/json' -d "$body" localhost:$port/interpolate  # warm-up
rss0=$(grep VmRSS /proc/$pid/status | awk '{print $2}')
start=$(date +%s.%N)
for i in $(seq 16); do
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" -H 'Content-Type: application/json' -d "$body" localhost:$port/interpolate > /tmp/gif-$port-$i.txt &
done
( for i in $(seq 60); do t=$(curl -s -o /dev/null -w "%{time_total}" localhost:$port/actuator/health/liveness); echo "$t"; sleep 0.5; done ) > /tmp/gif-$port-health.txt &
hp=$!
wait $(jobs -p | grep -v $hp | grep -v $pid) 2>/dev/null
sleep 0.1
end=$(date +%s.%N)
kill $hp 2>/dev/null
hwm=$(grep VmHWM /proc/$pid/status | awk '{print $2}')
echo "rss_before_kb=$rss0 peak_rss_kb=$hwm wall_s=$(echo "$end - $start" | bc)"
cat /tmp/gif-$port-*.txt | grep -v "^0\." | sort | uniq -c | sort -rn | head -3
sort -n /tmp/gif-$port-[0-9]*.txt | awk '{print $1}' | uniq -c
awk '{print $2}' /tmp/gif-$port-[0-9]*.txt | sort -n | awk '{a[NR]=$1} END{print "time min", a[1], "median", a[int(NR/2)+1], "max", a[NR]}'
sort -n /tmp/gif-$port-health.txt | tail -1 | awk '{print "health max s", $1}'
kill $pid; wait $pid 2>/dev/null
