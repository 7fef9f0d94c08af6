# PostgreSQL for docker-compose.cluster.yml where Docker Hub is out of reach: Debian's package on
# the locally built Debian image, taking the official image's settings (POSTGRES_USER,
# POSTGRES_PASSWORD, POSTGRES_DB, PGDATA), so the compose file runs with either.
#
#   docker build --build-arg DEBIAN_IMAGE=ganforge/debian:bookworm -t ganforge/postgres:15-bookworm \
#       -f docker/postgres.Dockerfile docker
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update -q \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql \
	&& rm -rf /var/lib/apt/lists/* \
	&& install -d -o postgres -g postgres /var/lib/postgresql/data /var/run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PGDATA=/var/lib/postgresql/data
USER postgres
EXPOSE 5432
VOLUME ["/var/lib/postgresql/data"]
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
