# GANForge service image, built from the packaged jar (no Maven inside the build):
#
#   ./mvnw -DskipTests package
#   docker build -t ganforge .                                   # eclipse-temurin:17-jre base
#   docker build --build-arg BASE_IMAGE=ganforge/jre:17-bookworm -t ganforge .   # air-gapped base
#
# Layers, from least to most often changed: dependencies, the PyTorch natives (extracted
# by DJL at build time), the Spring Boot loader, snapshot dependencies, shipped models,
# the application classes. A code change rebuilds the first stage, but the final image
# reuses every layer up to the application's (COPY --from hits the cache when the copied
# files are unchanged).

# Any image with a Java 17 runtime, bash and useradd (Debian/Ubuntu based).
ARG BASE_IMAGE=eclipse-temurin:17-jre

FROM ${BASE_IMAGE} AS build
WORKDIR /build
COPY target/ganforge.jar ganforge.jar
RUN java -Djarmode=tools -jar ganforge.jar extract --layers --launcher --destination extracted
# Train one step on synthetic shapes: DJL extracts the PyTorch natives from the
# pytorch-native-cpu jar into DJL_CACHE_DIR, so the service finds them there at start-up
# and extracts nothing. It also proves the image can train.
ENV DJL_CACHE_DIR=/opt/djl
RUN java -Dai.djl.offline=true -jar ganforge.jar train --dataset synthetic:16 --arch gan --image-size 16 \
		--steps 1 --batch-size 8 --ngf 8 --ndf 8 --progress none --out /tmp/warm-up/model --run-dir /tmp/warm-up/run \
	&& test -n "$(find /opt/djl -name 'libtorch_cpu.so')" \
	&& chmod -R a+rX,go-w /opt/djl

FROM ${BASE_IMAGE}
ARG APP_UID=10001
# The service's home holds its state: models/ and jobs/ are volumes. The datasets mount
# point is a default data root, the same directory Debian's dataset packages install to.
RUN groupadd --system --gid ${APP_UID} ganforge \
	&& useradd --system --uid ${APP_UID} --gid ganforge --home-dir /var/lib/ganforge --shell /usr/sbin/nologin ganforge \
	&& install -d -o ganforge -g ganforge /var/lib/ganforge /var/lib/ganforge/models /var/lib/ganforge/jobs \
	&& install -d /usr/share/datasets

# Natives are root-owned and read-only to the service: a start-up that tried to extract
# or download anything would fail rather than write into the image.
ENV DJL_CACHE_DIR=/opt/djl \
	DJL_OFFLINE=true \
	OPT_OUT_TRACKING=true \
	GANFORGE_MODELS_DIR=/var/lib/ganforge/models \
	GANFORGE_JOBS_DIR=/var/lib/ganforge/jobs

WORKDIR /opt/ganforge
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /opt/djl /opt/djl
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY docker/healthcheck /usr/local/bin/ganforge-healthcheck
COPY --chown=ganforge:ganforge models/ /var/lib/ganforge/models/
COPY --from=build /build/extracted/application/ ./

USER ${APP_UID}:${APP_UID}
WORKDIR /var/lib/ganforge
VOLUME ["/var/lib/ganforge/models", "/var/lib/ganforge/jobs", "/usr/share/datasets"]
EXPOSE 8080

HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 CMD ["ganforge-healthcheck"]

# A quarter of the container's memory for the heap: PyTorch's tensors and natives live
# outside it, and training jobs run in worker JVMs with heaps of their own. Out of heap,
# exit and let the restart policy act. More flags: JAVA_TOOL_OPTIONS (workers inherit it).
# Arguments go to the jar: none starts the service, "train ..." runs the training CLI.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=25", "-XX:+ExitOnOutOfMemoryError", \
	"-cp", "/opt/ganforge", "org.springframework.boot.loader.launch.JarLauncher"]
