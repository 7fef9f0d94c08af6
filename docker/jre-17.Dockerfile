# A Java 17 runtime image from Debian packages, for machines that cannot pull
# eclipse-temurin: .ci/docker-prepare.sh builds it from a debootstrapped Debian and passes
# it to the service's Dockerfile as BASE_IMAGE.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update -q \
	&& DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless \
	&& apt-get clean \
	&& rm -rf /var/lib/apt/lists/*
ENV LANG=C.UTF-8
CMD ["java", "-version"]
