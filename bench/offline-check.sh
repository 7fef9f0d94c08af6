#!/usr/bin/env bash
# Shows that the trainer opens no inet socket: runs a 2-step training under strace twice, with
# GANForge's offline settings (the default) and with them switched off, and counts connect() calls
# by address family. Needs strace (Debian package strace) and a built target/classes.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=target/bench-classpath.txt
[[ -f $cp_file ]] || ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
cp="target/classes:$(cat "$cp_file")"
work=$(mktemp -d)
run() {
	strace -f -e trace=connect -o "$work/$1.log" java "${@:2}" -cp "$cp" dev.ganforge.GanForgeApplication train \
		--dataset synthetic:64 --image-size 16 --ngf 8 --ndf 8 --batch-size 16 --steps 2 \
		--out "$work/models/$1" --run-dir "$work/runs/$1" --progress none >"$work/$1.out" 2>&1
	echo "$1: $(grep -c 'AF_INET' "$work/$1.log" || true) inet connect() calls"
	grep -o 'inet_pton([^)]*)[^}]*' "$work/$1.log" | sort | uniq -c || true
}
run offline-default
run settings-off -Dai.djl.offline=false -DOPT_OUT_TRACKING=false
rm -rf "$work"
