package dev.ganforge.docker;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import javax.imageio.ImageIO;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Volume;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import static org.assertj.core.api.Assertions.fail;

/**
 * The service's Docker image, built from the Dockerfile and the packaged jar as
 * {@code docker build .} would, and containers of it whose state lives in named volumes
 * that outlive a container, so a test can stop one and start the next on the same data.
 */
final class ServiceContainers {

	/**
	 * The API key the service containers run with: requests through a published port do
	 * not come from loopback, so mutations need it.
	 */
	static final String API_KEY = "docker-tests-api-key-0123456789";

	/** The tag the tests build; rebuilt (from the layer cache) on every test run. */
	static final String IMAGE = "ganforge:container-tests";

	static final int PORT = 8080;

	static final String MODELS = "/var/lib/ganforge/models";

	static final String JOBS = "/var/lib/ganforge/jobs";

	static final String DATASETS = "/usr/share/datasets";

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	/** A low CPU weight (default 1024): CI machines are shared. */
	private static final int CPU_SHARES = 128;

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static boolean built;

	private ServiceContainers() {
	}

	/** Why the container tests are skipped when {@link #dockerAvailable()} is false. */
	static final String NO_DOCKER = "No Docker engine reachable (DOCKER_HOST or /var/run/docker.sock): "
			+ "the container tests of the image need one; .ci/docker-prepare.sh sets one up";

	/**
	 * Whether a Docker engine answers, for {@code @EnabledIf}. Without one, the tests are
	 * skipped, unless {@code GANFORGE_DOCKER_TESTS=required} (set by
	 * .ci/docker-prepare.sh): then they fail, so CI cannot pass by skipping them.
	 * @return true if the tests can run
	 */
	static boolean dockerAvailable() {
		boolean available = DockerClientFactory.instance().isDockerAvailable();
		if (!available && "required".equals(System.getenv("GANFORGE_DOCKER_TESTS"))) {
			throw new IllegalStateException(NO_DOCKER + ", and GANFORGE_DOCKER_TESTS=required");
		}
		return available;
	}

	/**
	 * Builds the image once per test JVM from the project directory (its .dockerignore
	 * applies), passing {@code GANFORGE_BASE_IMAGE} as the {@code BASE_IMAGE} build
	 * argument when set.
	 * @return the image's tag
	 */
	static synchronized String image() {
		if (built) {
			return IMAGE;
		}
		File project = Path.of("").toAbsolutePath().toFile();
		if (!new File(project, "target/ganforge.jar").isFile()) {
			fail("target/ganforge.jar is missing: the container tests run after package (./mvnw verify)");
		}
		List<String> log = new ArrayList<>();
		var build = client().buildImageCmd()
			.withBaseDirectory(project)
			.withDockerfile(new File(project, "Dockerfile"))
			.withTags(Set.of(IMAGE))
			.withPull(false)
			.withRemove(true)
			.withCpushares(String.valueOf(CPU_SHARES));
		String base = System.getenv("GANFORGE_BASE_IMAGE");
		if (base != null && !base.isBlank()) {
			build.withBuildArg("BASE_IMAGE", base);
		}
		try {
			build.exec(new BuildImageResultCallback() {
				@Override
				public void onNext(BuildResponseItem item) {
					if (item.getStream() != null) {
						log.add(item.getStream().stripTrailing());
					}
					super.onNext(item);
				}
			}).awaitImageId();
		}
		catch (RuntimeException ex) {
			fail("docker build failed: " + ex.getMessage() + "\n" + String.join("\n", log), ex);
		}
		built = true;
		return IMAGE;
	}

	/**
	 * The image's own HEALTHCHECK, probed every second instead of every 10 s, so a test
	 * waits for the service rather than for the next probe (Docker 20.10 has no
	 * {@code --start-interval}).
	 */
	static HealthCheck fastHealthcheck() {
		HealthCheck image = client().inspectImageCmd(image()).exec().getConfig().getHealthcheck();
		return new HealthCheck().withTest(image.getTest())
			.withInterval(Duration.ofSeconds(1).toNanos())
			.withTimeout(image.getTimeout())
			.withStartPeriod(image.getStartPeriod())
			.withRetries(image.getRetries());
	}

	static DockerClient client() {
		return DockerClientFactory.instance().client();
	}

	/**
	 * A service container on the given volumes, port 8080 published, not yet started: it
	 * counts as started once the image's HEALTHCHECK reports healthy.
	 * @param state the models and jobs volumes
	 * @param datasets a host directory mounted read-only as the datasets root, or null
	 * @param env extra environment
	 * @return the container
	 */
	static GenericContainer<?> service(State state, Path datasets, Map<String, String> env) {
		return container(state, datasets).withEnv(env)
			.withEnv("GANFORGE_API_KEY", API_KEY)
			.withExposedPorts(PORT)
			.waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP_TIMEOUT));
	}

	/**
	 * A container of the image on the given volumes, not yet started.
	 * @param state the models and jobs volumes
	 * @param datasets a host directory mounted read-only as the datasets root, or null
	 * @return the container
	 */
	static GenericContainer<?> container(State state, Path datasets) {
		List<Bind> binds = new ArrayList<>(
				List.of(new Bind(state.models(), new Volume(MODELS)), new Bind(state.jobs(), new Volume(JOBS))));
		if (datasets != null) {
			binds.add(new Bind(datasets.toAbsolutePath().toString(), new Volume(DATASETS), AccessMode.ro));
		}
		return new GenericContainer<>(image())
			.withCreateContainerCmdModifier((cmd) -> cmd.getHostConfig().withBinds(binds));
	}

	static HttpResponse<byte[]> send(GenericContainer<?> container, String method, String path, String json)
			throws IOException, InterruptedException {
		return send(container, method, path, json, API_KEY);
	}

	/**
	 * A request with the given API key, or none when null.
	 */
	static HttpResponse<byte[]> send(GenericContainer<?> container, String method, String path, String json,
			String apiKey) throws IOException, InterruptedException {
		URI uri = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT) + path);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1));
		if (apiKey != null) {
			request.header("X-API-Key", apiKey);
		}
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * Writes a folder dataset for a datasets mount: 64 grayscale 16x16 PNGs of a bright
	 * rectangle on black, in {@code root/name}, everything readable by the container's
	 * user (uid 10001).
	 */
	static void writeShapes(Path root, String name) throws IOException {
		Path dir = Files.createDirectories(root.resolve(name));
		Random random = new Random(1);
		for (int i = 0; i < 64; i++) {
			BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
			Graphics2D graphics = image.createGraphics();
			graphics.setColor(Color.WHITE);
			graphics.fillRect(random.nextInt(8), random.nextInt(8), 4 + random.nextInt(5), 4 + random.nextInt(5));
			graphics.dispose();
			ImageIO.write(image, "png", dir.resolve("shape-%03d.png".formatted(i)).toFile());
		}
		try (var paths = Files.walk(root)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				path.toFile().setReadable(true, false);
				if (Files.isDirectory(path)) {
					path.toFile().setExecutable(true, false);
				}
			}
		}
	}

	/**
	 * Named volumes for the service's models and jobs, removed on close.
	 *
	 * @param models the models volume's name
	 * @param jobs the jobs volume's name
	 */
	record State(String models, String jobs) implements AutoCloseable {

		static State create() {
			String id = UUID.randomUUID().toString().substring(0, 8);
			State state = new State("ganforge-test-models-" + id, "ganforge-test-jobs-" + id);
			client().createVolumeCmd().withName(state.models()).exec();
			client().createVolumeCmd().withName(state.jobs()).exec();
			return state;
		}

		@Override
		public void close() {
			client().removeVolumeCmd(this.models).exec();
			client().removeVolumeCmd(this.jobs).exec();
		}

	}

}
