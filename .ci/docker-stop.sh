#!/usr/bin/env bash
# Stops the dockerd that .ci/docker-prepare.sh started (and, with it, the containerd it
# runs); a daemon that was already running is left alone. The images stay cached.
set -uo pipefail

state="${GANFORGE_DOCKER_STATE:-/tmp/ganforge-docker}"
pidfile="${state}/dockerd.pid"
[[ -f "${pidfile}" ]] || exit 0
pid=$(cat "${pidfile}")
rm -f "${pidfile}"
kill -0 "${pid}" 2>/dev/null || exit 0
echo "docker-stop: stopping dockerd (pid ${pid})" >&2
kill -TERM "${pid}"
for _ in $(seq 1 30); do
	kill -0 "${pid}" 2>/dev/null || exit 0
	sleep 1
done
echo "docker-stop: dockerd (pid ${pid}) still running after 30 s; killing it" >&2
kill -KILL "${pid}" 2>/dev/null
exit 0
