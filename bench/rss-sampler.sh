#!/usr/bin/env bash
# Samples a training process's resident set size alongside the step it has reached.
# Usage: bench/rss-sampler.sh PID RUN_DIR [INTERVAL_SECONDS] > rss.csv
pid=$1 run=$2 interval=${3:-10}
echo "seconds,step,rss_kb"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
	rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) || break
	step=$(tail -n 1 "$run/history.csv" 2>/dev/null | cut -d, -f1)
	echo "$(( $(date +%s) - start )),${step:-0},${rss:-0}"
	sleep "$interval"
done
