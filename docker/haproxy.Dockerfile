# HAProxy for docker-compose.cluster.yml where Docker Hub is out of reach: Debian's package on the
# locally built Debian image. The compose file mounts the configuration where the official image
# reads it and names the command, so it runs with either.
#
#   docker build --build-arg DEBIAN_IMAGE=ganforge/debian:bookworm -t ganforge/haproxy:bookworm \
#       -f docker/haproxy.Dockerfile docker
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update -q \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends haproxy \
	&& rm -rf /var/lib/apt/lists/* \
	&& install -d /usr/local/etc/haproxy
USER haproxy
EXPOSE 8080
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
