# shellcheck shell=bash
# Prepares Docker for the container tests on a bare Debian CI machine that cannot reach
# Docker Hub. Source it (". .ci/docker-prepare.sh"); .ci/docker-stop.sh undoes it.
#
#  1. installs docker.io, containerd, runc, iptables and debootstrap if dockerd is missing;
#  2. starts dockerd in the background unless a daemon already answers (its pid goes to
#     $GANFORGE_DOCKER_STATE/dockerd.pid, for docker-stop.sh);
#  3. builds two local images, each only if it does not exist yet:
#     ganforge/debian:<codename>  a minimal Debian from debootstrap (docker import), with
#                                 this machine's apt mirror;
#     ganforge/jre:17-<codename>  that plus openjdk-17-jre-headless (docker/jre-17.Dockerfile);
#  4. exports what the tests and the image build need:
#     GANFORGE_BASE_IMAGE (the Dockerfile's BASE_IMAGE), GANFORGE_DOCKER_TESTS=required (the
#     container tests fail instead of skipping without Docker), TESTCONTAINERS_RYUK_DISABLED,
#     TESTCONTAINERS_HOST_OVERRIDE and, when the docker CLI has no buildx, DOCKER_BUILDKIT=0.
#
# Needs root (apt-get, dockerd, debootstrap). Logs go to $GANFORGE_DOCKER_STATE.

GANFORGE_DOCKER_STATE="${GANFORGE_DOCKER_STATE:-/tmp/ganforge-docker}"
export GANFORGE_DOCKER_STATE

ganforge_docker_log() {
	echo "docker-prepare: $*" >&2
}

# The URI of the first apt source serving the given suite, from deb822 .sources files or
# one-line sources.list entries.
ganforge_apt_uri() {
	local suite="$1" file uri
	for file in /etc/apt/sources.list.d/*.sources; do
		[[ -f "${file}" ]] || continue
		uri=$(awk -v suite="${suite}" '
			/^[[:space:]]*$/ { if (uri != "" && found) { print uri; exit } uri = ""; found = 0; next }
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = 1 }
			END { if (uri != "" && found) print uri }' "${file}" | head -n 1)
		if [[ -n "${uri}" ]]; then
			echo "${uri}"
			return
		fi
	done
	for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -f "${file}" ]] || continue
		uri=$(awk -v suite="${suite}" '$1 == "deb" {
				for (i = 2; i < NF; i++) if ($i ~ /^[a-z]+:\/\// && $(i + 1) == suite) { print $i; exit } }' "${file}")
		if [[ -n "${uri}" ]]; then
			echo "${uri}"
			return
		fi
	done
}

ganforge_docker_install() {
	local missing=()
	command -v dockerd >/dev/null || missing+=(docker.io)
	command -v containerd >/dev/null || missing+=(containerd)
	command -v runc >/dev/null || missing+=(runc)
	command -v iptables >/dev/null || missing+=(iptables)
	command -v debootstrap >/dev/null || missing+=(debootstrap)
	command -v docker-compose >/dev/null || missing+=(docker-compose)
	if ((${#missing[@]} == 0)); then
		return 0
	fi
	ganforge_docker_log "installing ${missing[*]}"
	(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}") \
		>"${GANFORGE_DOCKER_STATE}/apt.log" 2>&1 || {
		ganforge_docker_log "apt-get failed, see ${GANFORGE_DOCKER_STATE}/apt.log"
		return 1
	}
}

ganforge_docker_start() {
	if docker info >/dev/null 2>&1; then
		ganforge_docker_log "using the running Docker daemon"
		return 0
	fi
	ganforge_docker_log "starting dockerd (log: ${GANFORGE_DOCKER_STATE}/dockerd.log)"
	nohup dockerd >"${GANFORGE_DOCKER_STATE}/dockerd.log" 2>&1 &
	echo $! >"${GANFORGE_DOCKER_STATE}/dockerd.pid"
	local waited=0
	until docker info >/dev/null 2>&1; do
		if ((waited >= 60)) || ! kill -0 "$(cat "${GANFORGE_DOCKER_STATE}/dockerd.pid")" 2>/dev/null; then
			ganforge_docker_log "dockerd did not come up; last lines of its log:"
			tail -n 20 "${GANFORGE_DOCKER_STATE}/dockerd.log" >&2
			return 1
		fi
		sleep 1
		waited=$((waited + 1))
	done
}

# A minimal Debian of this machine's release, as an image: Docker Hub is out of reach.
ganforge_debian_image() {
	local image="$1" codename="$2" mirror security rootfs
	if docker image inspect "${image}" >/dev/null 2>&1; then
		ganforge_docker_log "${image} exists"
		return 0
	fi
	mirror=$(ganforge_apt_uri "${codename}")
	mirror="${mirror:-http://deb.debian.org/debian}"
	security=$(ganforge_apt_uri "${codename}-security")
	rootfs="${GANFORGE_DOCKER_STATE}/rootfs"
	ganforge_docker_log "debootstrap ${codename} from ${mirror} (log: ${GANFORGE_DOCKER_STATE}/debootstrap.log)"
	rm -rf "${rootfs}"
	nice -n 19 debootstrap --variant=minbase "${codename}" "${rootfs}" "${mirror}" \
		>"${GANFORGE_DOCKER_STATE}/debootstrap.log" 2>&1 || {
		ganforge_docker_log "debootstrap failed, see ${GANFORGE_DOCKER_STATE}/debootstrap.log"
		return 1
	}
	{
		echo "deb ${mirror} ${codename} main"
		echo "deb ${mirror} ${codename}-updates main"
		if [[ -n "${security}" ]]; then
			echo "deb ${security} ${codename}-security main"
		fi
	} >"${rootfs}/etc/apt/sources.list"
	rm -rf "${rootfs}"/var/cache/apt/archives/*.deb "${rootfs}"/var/lib/apt/lists/*
	tar --numeric-owner -C "${rootfs}" -c . | docker import - "${image}" >/dev/null || return 1
	rm -rf "${rootfs}"
}

ganforge_jre_image() {
	local image="$1" debian="$2" dockerfile="$3"
	if docker image inspect "${image}" >/dev/null 2>&1; then
		ganforge_docker_log "${image} exists"
		return 0
	fi
	ganforge_docker_log "building ${image} (log: ${GANFORGE_DOCKER_STATE}/jre-build.log)"
	# A low CPU weight keeps the build from starving the other jobs on the machine.
	docker build --cpu-shares 128 --build-arg "DEBIAN_IMAGE=${debian}" -t "${image}" \
		-f "${dockerfile}" "$(dirname "${dockerfile}")" >"${GANFORGE_DOCKER_STATE}/jre-build.log" 2>&1 || {
		ganforge_docker_log "building ${image} failed, see ${GANFORGE_DOCKER_STATE}/jre-build.log"
		return 1
	}
}

ganforge_docker_prepare() {
	local dir codename started=${SECONDS}
	dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
	mkdir -p "${GANFORGE_DOCKER_STATE}"
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME}")
	ganforge_docker_install || return 1
	# The docker CLI's legacy builder, when BuildKit's buildx plugin is not installed.
	if ! docker buildx version >/dev/null 2>&1; then
		export DOCKER_BUILDKIT=0
	fi
	ganforge_docker_start || return 1
	ganforge_debian_image "ganforge/debian:${codename}" "${codename}" || return 1
	ganforge_jre_image "ganforge/jre:17-${codename}" "ganforge/debian:${codename}" "${dir}/docker/jre-17.Dockerfile" \
		|| return 1
	export GANFORGE_BASE_IMAGE="ganforge/jre:17-${codename}"
	# The cluster compose test builds PostgreSQL and HAProxy images on it (docker/*.Dockerfile).
	export GANFORGE_DEBIAN_IMAGE="ganforge/debian:${codename}"
	export GANFORGE_DOCKER_TESTS=required
	export TESTCONTAINERS_RYUK_DISABLED=true
	export TESTCONTAINERS_HOST_OVERRIDE=localhost
	ganforge_docker_log "ready in $((SECONDS - started)) s: BASE_IMAGE=${GANFORGE_BASE_IMAGE}"
}

ganforge_docker_prepare
